package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.campaigns.gateway.Submitted;
import io.kopilka.platform.Transactions;

/**
 * Sends the due messages of the outbox. Just before each message: consent is read again (an opt-out
 * counts at once), the customer's quiet hours are checked in their zone, and the weekly cap and the daily cap
 * (a cost limit over every kind of message, counted in the chain's day) are counted under a per-customer lock so
 * that two workers cannot both send the message that goes over them.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    static final int CLAIM = 50;
    static final int MAX_ATTEMPTS = 3;

    @Inject
    Transactions tx;

    @Inject
    Outbox outbox;

    @Inject
    SmsSender sms;

    @Inject
    CampaignSettingsStore settingsStore;

    @Inject
    JobStop stop;

    /**
     * After each message sent while the tills are busy, the job rests this many times the message's own database
     * work (the gateway's answer time not counted), as it does after each page it queues (TillPacing); while the
     * database is quiet it goes at the gateway's pace. 0 sends at the gateway's pace all day.
     */
    @ConfigProperty(name = "kopilka.campaigns.send-busy-pause-factor", defaultValue = "20.0")
    double busyPauseFactor;

    /** Messages a customer may be sent within one day of the chain; the rest are skipped as {@code daily_cap}. */
    @ConfigProperty(name = "kopilka.campaigns.max-sms-per-customer-per-day", defaultValue = "3")
    int maxPerCustomerPerDay;

    /** {@code busyMessages}: messages handled while the tills were busy, so rested at the long pace. */
    public record Result(long sent, long failed, long withoutConsent, long overWeeklyCap, long deferredQuietHours,
            long deferredGatewayError, boolean gatewayUnavailable, long messages, long busyMessages, long overDailyCap) {
        @Override
        public String toString() {
            return "sent " + sent + ", failed " + failed + ", skipped " + withoutConsent + " without consent and "
                    + overWeeklyCap + " over the weekly cap and " + overDailyCap + " over the daily cap, deferred "
                    + deferredQuietHours + " to the end of quiet hours and "
                    + deferredGatewayError + " after gateway errors"
                    + (messages == 0 ? "" : ", " + busyMessages + " of " + messages + " messages beside busy tills")
                    + (gatewayUnavailable ? "; the gateway is unavailable" : "");
        }
    }

    private static final class Tally {
        long sent, failed, consent, cap, dailyCap, quiet, retry;
        boolean unavailable;
        /** Time spent waiting for the gateway, which is not the job's work on this machine. */
        long gatewayNanos;
    }

    Result sendDue(Worker worker, Supplier<Instant> clock, long limit) {
        Tally t = new Tally();
        TillPacing pacing = new TillPacing(0, busyPauseFactor);
        Map<Long, CampaignSettings> settings = new HashMap<>();
        long handled = 0;
        while (!t.unavailable && handled < limit && !stop.requested()) {
            int size = (int) Math.min(CLAIM, limit - handled);
            List<Outbox.Claimed> batch = tx.inTransaction(c -> { // one claim per batch
                return outbox.claim(c, worker.id(), clock.get(), size);
            });
            if (batch.isEmpty()) {
                break;
            }
            handled += batch.size();
            for (Outbox.Claimed m : batch) {
                if (t.unavailable || stop.requested()) {
                    requeue(m, clock.get());
                    continue;
                }
                long started = System.nanoTime();
                t.gatewayNanos = 0;
                CampaignSettings s = settings.computeIfAbsent(m.chainId(), this::load);
                if (prepare(m, s, clock.get(), t, pacing)) {
                    send(m, clock, t);
                }
                pacing.rest(System.nanoTime() - started - t.gatewayNanos, stop);
            }
        }
        return new Result(t.sent, t.failed, t.consent, t.cap, t.quiet, t.retry, t.unavailable, pacing.steps(),
                pacing.busySteps(), t.dailyCap);
    }

    /** The send-time checks; true when the message is marked as being attempted and may go to the gateway. */
    private boolean prepare(Outbox.Claimed m, CampaignSettings s, Instant now, Tally t, TillPacing pacing) {
        return tx.inTransaction(c -> {
            pacing.look(c);
            lockCustomer(c, m.chainId(), m.customerId());
            if (!hasConsent(c, m.chainId(), m.customerId())) {
                outbox.skip(c, m.chainId(), m.id(), "no_consent");
                t.consent++;
                return false;
            }
            ZoneId zone = m.timezone() == null ? s.zone() : ZoneId.of(m.timezone());
            Instant allowed = s.quietHours().nextAllowed(now, zone);
            if (!allowed.equals(now)) {
                outbox.requeue(c, m.chainId(), m.id(), allowed);
                t.quiet++;
                return false;
            }
            if (!"birthday".equals(m.kind())) {
                int cap = m.campaignCap() != null ? m.campaignCap() : s.weeklyCap();
                if (outbox.sentSince(c, m.chainId(), m.customerId(), m.id(), now.minus(7, ChronoUnit.DAYS)) >= cap) {
                    outbox.skip(c, m.chainId(), m.id(), "weekly_cap");
                    t.cap++;
                    return false;
                }
            }
            Instant chainDayStart = now.atZone(s.zone()).toLocalDate().atStartOfDay(s.zone()).toInstant();
            if (outbox.sentSince(c, m.chainId(), m.customerId(), m.id(), chainDayStart) >= maxPerCustomerPerDay) {
                outbox.skip(c, m.chainId(), m.id(), "daily_cap");
                t.dailyCap++;
                return false;
            }
            outbox.attempting(c, m.chainId(), m.id(), now);
            return true;
        });
    }

    private void send(Outbox.Claimed m, Supplier<Instant> clock, Tally t) {
        try {
            Submitted s = submit(m, t);
            tx.read(c -> {
                outbox.sent(c, m.chainId(), m.id(), sms.gatewayName(), s.gatewayMessageId(), s.parts(), clock.get());
                return null;
            });
            t.sent++;
        } catch (SmsRejected e) {
            tx.read(c -> {
                outbox.failed(c, m.chainId(), m.id(), e.getMessage());
                return null;
            });
            t.failed++;
        } catch (CircuitBreakerOpenException e) {
            // the breaker refused before the gateway was called: the message was not sent
            requeue(m, clock.get());
            t.unavailable = true;
        } catch (TimeoutException e) {
            // the gateway may have taken it: not sending it again is the promise (docs/adr/0014-sms-outbox.md)
            tx.read(c -> {
                outbox.unknown(c, m.chainId(), m.id(), "gateway timed out");
                return null;
            });
            t.failed++;
        } catch (Transactions.DatabaseFailure e) {
            throw e; // the database failed, not the gateway: the run stops as it did on an SQLException
        } catch (RuntimeException e) {
            LOG.warnf("Message %d: the gateway failed after its retries: %s", m.id(), e.toString());
            tx.read(c -> {
                if (attempts(c, m) >= MAX_ATTEMPTS) {
                    outbox.failed(c, m.chainId(), m.id(), "gateway: " + e);
                    t.failed++;
                } else {
                    outbox.requeue(c, m.chainId(), m.id(), clock.get().plus(10, ChronoUnit.MINUTES));
                    t.retry++;
                }
                return null;
            });
        }
    }

    private Submitted submit(Outbox.Claimed m, Tally t) {
        long atGateway = System.nanoTime();
        try {
            return sms.send(new SmsMessage(m.id(), m.phone(), m.text()));
        } finally {
            t.gatewayNanos = System.nanoTime() - atGateway;
        }
    }

    private void requeue(Outbox.Claimed m, Instant at) {
        tx.read(c -> {
            outbox.requeue(c, m.chainId(), m.id(), at);
            return null;
        });
    }

    private CampaignSettings load(long chainId) {
        return tx.read(c -> settingsStore.load(c, chainId));
    }

    private static void lockCustomer(Connection c, long chainId, long customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(? || '/' || ?, 7411))")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.execute();
        }
    }

    private static boolean hasConsent(Connection c, long chainId, long customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sms_consent FROM customers WHERE chain_id = ? AND id = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static int attempts(Connection c, Outbox.Claimed m) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM sms_outbox WHERE chain_id = ? AND id = ?")) {
            ps.setLong(1, m.chainId());
            ps.setLong(2, m.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
