package io.kopilka.campaigns.gateway.smpp;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;

import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.GatewayUnavailable;
import io.kopilka.campaigns.gateway.SmsConfig;
import io.kopilka.campaigns.gateway.SmsGateway;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.Submitted;
import io.smallrye.common.annotation.Identifier;

/**
 * SMPP 3.4 over one transceiver session (jSMPP): submit_sm out, delivery receipts and replies in. The session is
 * bound on the first message and kept alive with enquire_link; when it drops it is bound again in the background,
 * so receipts keep arriving while the job runs, and at the latest by the next message. The message's id is the
 * first part's id; receipts for the other parts find no message and change nothing.
 */
@ApplicationScoped
@Identifier("smpp")
public class SmppGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(SmppGateway.class);
    /** Command statuses after which the SMSC took nothing and will take the message later. */
    private static final int ESME_RSYSERR = 0x08;
    private static final int ESME_RINVBNDSTS = 0x04;
    private static final int ESME_RMSGQFUL = 0x14;
    private static final int ESME_RTHROTTLED = 0x58;

    @Inject
    SmsConfig config;

    @Inject
    DeliveryReports reports;

    @ConfigProperty(name = "kopilka.bootstrap.phone-region", defaultValue = "RU")
    String phoneRegion;

    private final AtomicInteger reference = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smpp-rebind");
        t.setDaemon(true);
        return t;
    });
    // volatile: read without the lock by jSMPP's threads, which must never wait for a thread that is closing them
    private volatile SMPPSession session;
    private volatile boolean shutDown;

    @Override
    public Submitted submit(SmsMessage m) {
        SMPPSession s = bound();
        SmppParts parts = SmppParts.of(m.text(), reference.getAndIncrement());
        String destination = m.phone().startsWith("+") ? m.phone().substring(1) : m.phone();
        ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
                parts.concatenated() ? GSMSpecificFeature.UDHI : GSMSpecificFeature.DEFAULT);
        GeneralDataCoding coding = new GeneralDataCoding(parts.gsm7()
                ? org.jsmpp.bean.Alphabet.ALPHA_DEFAULT : org.jsmpp.bean.Alphabet.ALPHA_UCS2);
        String firstId = null;
        int total = parts.bodies().size();
        for (int i = 0; i < total; i++) {
            String what = "message " + m.outboxId() + " part " + (i + 1) + "/" + total;
            try {
                String id = s.submitShortMessage("", sourceTon(), sourceNpi(), config.smpp().sourceAddress(),
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, esm, (byte) 0, (byte) 1, null,
                        null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, coding, (byte) 0,
                        parts.bodies().get(i)).getMessageId();
                if (firstId == null) {
                    firstId = id;
                }
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                boolean later = status == ESME_RTHROTTLED || status == ESME_RMSGQFUL || status == ESME_RSYSERR
                        || status == ESME_RINVBNDSTS;
                if (later && i == 0) {
                    throw new GatewayUnavailable(what + ": SMSC answered " + hex(status) + ", try later", e);
                }
                throw new SmsRejected("SMSC refused " + what + " with " + hex(status));
            } catch (ResponseTimeoutException | InvalidResponseException e) {
                throw new TimeoutException(what + ": no clear submit_sm_resp, the SMSC may have taken it (" + e + ")");
            } catch (PDUException e) {
                throw new SmsRejected(what + " cannot be encoded: " + e.getMessage());
            } catch (IOException e) {
                drop(s);
                if (i == 0) {
                    throw new GatewayUnavailable(what + " not written, the connection is gone: " + e.getMessage(), e);
                }
                throw new TimeoutException(what + " not written after earlier parts went: " + e.getMessage());
            }
        }
        return new Submitted(firstId, total);
    }

    /** The bound session, binding a new one when there is none or it dropped. */
    synchronized SMPPSession bound() {
        if (shutDown) {
            throw new GatewayUnavailable("the application is stopping");
        }
        if (session != null && session.getSessionState().isBound()) {
            return session;
        }
        if (session != null) {
            session.close();
        }
        session = bind();
        return session;
    }

    private SMPPSession bind() {
        SmsConfig.Smpp c = config.smpp();
        SMPPSession s = new SMPPSession();
        s.setEnquireLinkTimer((int) c.enquireLinkInterval().toMillis());
        s.setTransactionTimer(c.responseTimeout().toMillis());
        s.setMessageReceiverListener(new SmppInbound(reports, phoneRegion));
        s.addSessionStateListener((now, before, source) -> {
            if (now == SessionState.CLOSED && source == session && !shutDown) {
                LOG.warnf("SMPP session to %s:%d closed; binding again", c.host(), c.port());
                scheduleRebind();
            }
        });
        try {
            s.connectAndBind(c.host(), c.port(), new BindParameter(BindType.BIND_TRX, c.systemId(), c.password().orElse(""),
                    c.systemType().orElse(""), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), c.responseTimeout().toMillis());
            LOG.infof("SMPP transceiver bound to %s:%d as %s", c.host(), c.port(), c.systemId());
            return s;
        } catch (IOException e) {
            s.close();
            throw new GatewayUnavailable("SMPP bind to " + c.host() + ":" + c.port() + " failed: " + e.getMessage(), e);
        }
    }

    private void scheduleRebind() {
        reconnector.schedule(() -> {
            try {
                bound();
            } catch (GatewayUnavailable e) {
                if (!shutDown) {
                    LOG.warnf("SMPP rebind failed (%s); trying again in %s", e.getMessage(), config.smpp().reconnectDelay());
                    scheduleRebind();
                }
            }
        }, config.smpp().reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void drop(SMPPSession s) {
        if (session == s) {
            session = null;
        }
        s.close();
    }

    /** True while a session is bound: for the health of the connection and for tests. */
    public boolean isBound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound();
    }

    private TypeOfNumber sourceTon() {
        return config.smpp().sourceAddress().matches("\\d+") ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
    }

    private NumberingPlanIndicator sourceNpi() {
        return config.smpp().sourceAddress().matches("\\d+") ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
    }

    private static String hex(int status) {
        return String.format("0x%08X", status);
    }

    @PreDestroy
    synchronized void close() {
        shutDown = true;
        reconnector.shutdownNow();
        if (session != null) {
            session.unbindAndClose();
            session = null;
        }
    }
}
