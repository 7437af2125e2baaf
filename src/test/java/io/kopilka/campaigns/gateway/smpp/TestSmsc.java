package io.kopilka.campaigns.gateway.smpp;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

import io.kopilka.campaigns.gateway.SmsEncoding;

/** An SMSC in the test JVM (jSMPP's server side): takes binds and submit_sm, sends receipts and replies. */
final class TestSmsc implements AutoCloseable {

    /** One submit_sm as it arrived. */
    record Submit(String messageId, String destination, byte dataCoding, byte esmClass, byte registeredDelivery,
            byte[] body) {

        boolean udhi() {
            return (esmClass & 0x40) != 0;
        }

        /** Part number and total from the UDH, or 1/1. */
        int[] part() {
            return udhi() ? new int[] { body[5], body[4] } : new int[] { 1, 1 };
        }

        String text() {
            return SmppParts.text(body, dataCoding, udhi());
        }
    }

    final List<Submit> received = new CopyOnWriteArrayList<>();
    final List<String> binds = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final int port;
    private volatile SMPPServerSessionListener listener;
    private volatile SMPPServerSession current;

    TestSmsc(int port) {
        this.port = port;
    }

    void start() throws IOException {
        SMPPServerSessionListener l = new SMPPServerSessionListener(port);
        l.setMessageReceiverListener(new Receiver());
        listener = l;
        Thread t = new Thread(() -> acceptLoop(l), "test-smsc");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(SMPPServerSessionListener l) {
        while (true) {
            try {
                SMPPServerSession s = l.accept();
                BindRequest bind = s.waitForBind(5000);
                binds.add(bind.getBindType() + " " + bind.getSystemId() + "/" + bind.getPassword());
                bind.accept("test-smsc");
                current = s;
            } catch (SocketException closed) {
                return;
            } catch (Exception e) {
                if (listener != l) {
                    return;
                }
            }
        }
    }

    /** The server side drops the session (as an SMSC restart would); the port stays open. */
    void dropSession() {
        SMPPServerSession s = current;
        current = null;
        if (s != null) {
            s.unbindAndClose();
        }
    }

    /** The SMSC goes down: the session is closed and connections are refused. */
    void stop() throws IOException {
        SMPPServerSessionListener l = listener;
        listener = null;
        dropSession();
        if (l != null) {
            l.close();
        }
    }

    boolean hasSession() {
        SMPPServerSession s = current;
        return s != null && s.getSessionState().isBound();
    }

    void receipt(String messageId, String phone, DeliveryReceiptState state) throws Exception {
        receipt(messageId, phone, state, new Date());
    }

    /** A receipt for a message the SMSC took at {@code submitted} (the receipt text keeps minutes only). */
    void receipt(String messageId, String phone, DeliveryReceiptState state, Date submitted) throws Exception {
        DeliveryReceipt receipt = new DeliveryReceipt(messageId, 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0, submitted,
                new Date(), state, "000", "");
        current.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, phone.substring(1),
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Kopilka",
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT), (byte) 0,
                (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(),
                receipt.toString().getBytes(StandardCharsets.US_ASCII),
                new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), messageId));
    }

    /** A customer's reply, GSM-7 or UCS-2 as a handset would send it. */
    void reply(String phone, String text) throws Exception {
        boolean gsm = SmsEncoding.isGsm7(text);
        byte[] body = gsm ? SmsEncoding.gsm7Bytes(text) : text.getBytes(StandardCharsets.UTF_16BE);
        current.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, phone.substring(1),
                TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Kopilka", new ESMClass(), (byte) 0, (byte) 0,
                new RegisteredDelivery(0), new GeneralDataCoding(gsm ? org.jsmpp.bean.Alphabet.ALPHA_DEFAULT
                        : org.jsmpp.bean.Alphabet.ALPHA_UCS2), body);
    }

    List<Submit> to(String phone) {
        return received.stream().filter(s -> s.destination().equals(phone.substring(1))).toList();
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    private static ProcessRequestException unsupported() {
        return new ProcessRequestException("not supported", 0x03);
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm s, SMPPServerSession source) throws ProcessRequestException {
            String id = Long.toString(ids.incrementAndGet());
            received.add(new Submit(id, s.getDestAddress(), s.getDataCoding(), s.getEsmClass(), s.getRegisteredDelivery(),
                    s.getShortMessage()));
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (Exception e) {
                throw new ProcessRequestException(e.getMessage(), 0x08);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public void onAcceptCancelSm(CancelSm c, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession source) throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession source)
                throws ProcessRequestException {
            throw unsupported();
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm d, Session source) throws ProcessRequestException {
            throw unsupported();
        }
    }
}
