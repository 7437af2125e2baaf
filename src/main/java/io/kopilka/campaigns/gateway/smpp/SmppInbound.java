package io.kopilka.campaigns.gateway.smpp;

import java.time.Instant;
import java.util.Date;

import org.jboss.logging.Logger;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.InvalidDeliveryReceiptException;

import io.kopilka.campaigns.gateway.DeliveryReport;
import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.DeliveryStatus;
import io.kopilka.campaigns.gateway.StopReplies;
import io.kopilka.campaigns.gateway.StopReply;
import io.kopilka.platform.Phones;

/**
 * What the SMSC sends us on the bound session: delivery receipts (deliver_sm with the receipt esm_class) and
 * customers' replies (any other deliver_sm), of which a STOP is an opt-out. When recording fails the SMSC gets a
 * system error and delivers the PDU again.
 */
final class SmppInbound implements MessageReceiverListener {

    private static final Logger LOG = Logger.getLogger(SmppInbound.class);
    private static final int ESME_RSYSERR = 0x08;
    private static final int ESME_RINVCMDID = 0x03;
    private static final byte TON_INTERNATIONAL = 1;

    private final DeliveryReports reports;
    private final String phoneRegion;

    SmppInbound(DeliveryReports reports, String phoneRegion) {
        this.reports = reports;
        this.phoneRegion = phoneRegion;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        try {
            if (deliverSm.isSmscDeliveryReceipt()) {
                receipt(deliverSm);
            } else {
                reply(deliverSm);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record a deliver_sm from %s; the SMSC will deliver it again", deliverSm.getSourceAddr());
            throw new ProcessRequestException(e.getMessage(), ESME_RSYSERR);
        }
    }

    private void receipt(DeliverSm deliverSm) {
        DeliveryReceipt receipt;
        try {
            receipt = deliverSm.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            LOG.warnf("Unreadable delivery receipt ignored: %s", e.getMessage());
            return;
        }
        DeliveryStatus status = status(receipt.getFinalStatus());
        if (status == null) {
            return;
        }
        // receipted_message_id is the id exactly as submit_sm_resp gave it; the text's id is sometimes reformatted
        String id = receiptedMessageId(deliverSm);
        if (id == null) {
            id = receipt.getId();
        }
        Date done = receipt.getDoneDate();
        Date submitted = receipt.getSubmitDate();
        // a receipt comes from the recipient's address: with the submit date it can find a message whose id was never stored
        reports.delivered(new DeliveryReport(id, status, done == null ? Instant.now() : done.toInstant(),
                phone(deliverSm.getSourceAddr(), deliverSm.getSourceAddrTon()), submitted == null ? null : submitted.toInstant()));
    }

    private static String receiptedMessageId(DeliverSm deliverSm) {
        OptionalParameter tlv = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        return tlv instanceof OptionalParameter.OctetString s ? s.getValueAsString().trim() : null;
    }

    /** null for the intermediate states (en route, accepted), which change nothing. */
    static DeliveryStatus status(DeliveryReceiptState state) {
        if (state == null) {
            return DeliveryStatus.UNKNOWN;
        }
        return switch (state) {
            case DELIVRD -> DeliveryStatus.DELIVERED;
            case EXPIRED -> DeliveryStatus.EXPIRED;
            case UNDELIV, DELETED -> DeliveryStatus.FAILED;
            case REJECTD -> DeliveryStatus.REJECTED;
            case UNKNOWN -> DeliveryStatus.UNKNOWN;
            case ENROUTE, ACCEPTD -> null;
        };
    }

    private void reply(DeliverSm deliverSm) {
        byte[] body = deliverSm.getShortMessage();
        if (body == null || body.length == 0) {
            OptionalParameter payload = deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
            body = payload instanceof OptionalParameter.OctetString s ? s.getValue() : new byte[0];
        }
        String text = SmppParts.text(body, deliverSm.getDataCoding(), deliverSm.isUdhi());
        if (!StopReplies.isStop(text)) {
            LOG.debugf("Reply from %s ignored (not a STOP)", deliverSm.getSourceAddr());
            return;
        }
        String phone = phone(deliverSm.getSourceAddr(), deliverSm.getSourceAddrTon());
        if (phone == null) {
            LOG.warnf("STOP from an address that is not a phone number ignored: %s", deliverSm.getSourceAddr());
            return;
        }
        // SMPP has no standard field for the message a reply answers; an SMSC that names it uses receipted_message_id
        reports.optOut(new StopReply(phone, "smpp", Instant.now(), receiptedMessageId(deliverSm)));
    }

    private String phone(String address, byte ton) {
        if (address == null) {
            return null;
        }
        String digits = address.replaceAll("\\D", "");
        return Phones.normalize(ton == TON_INTERNATIONAL ? "+" + digits : address, phoneRegion);
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        // we ask for no alerts
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", ESME_RINVCMDID);
    }
}
