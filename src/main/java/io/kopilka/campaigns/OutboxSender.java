package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

import io.kopilka.campaigns.gateway.GatewayErrors;
import io.kopilka.campaigns.gateway.SmsConfig;
import io.kopilka.campaigns.gateway.SmsEncoding;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.platform.Transactions;

/**
 * Sends the due messages of the outbox, several at the gateway at once at the operator's rate
 * (docs/adr/0038-sending-in-flight-and-the-shared-rate.md). Just before each group of messages goes: consent is read again (an opt-out
 * counts at once), the customer's quiet hours are checked in their zone, and the weekly cap and the daily cap
 * (a cost limit over every kind of message, counted in the chain's day) are counted under a per-customer lock so
 * that two workers cannot both send the message that goes over them.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    static final int CLAIM = 100;
    /** Messages are checked and marked as attempted in groups of about a tenth of a second's sending. */
    static final int GROUPS_PER_SECOND = 10;
    static final int BUSY_GROUP = 5;
    static final int MAX_ATTEMPTS = 3;

    @Inject
    Transactions tx;

    @Inject
    Tills tills;

    @Inject
    Outbox outbox;

    @Inject
    SmsSender sms;

    @Inject
    SmsConfig smsConfig;

    @Inject
    CampaignSettingsStore settingsStore;

    @Inject
    JobStop stop;

    /**
     * After each group of messages sent while the tills are busy, the job rests this many times the group's own
     * database work (the gateway's answer time not counted), as it does after each page it queues (TillPacing);
     * while the database is quiet it goes at the gateway's pace. 0 sends at the gateway's pace all day.
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
        /** Messages checked, and of them those checked while the tills were busy. */
        long messages, busyMessages;
        boolean unavailable;
    }

    Result sendDue(Worker worker, Supplier<Instant> clock, long limit) {
        Tally t = new Tally();
        TillPacing pacing = tills.pacing(0, busyPauseFactor);
        Map<Long, CampaignSettings> settings = new HashMap<>();
        int group = Math.max(1, Math.min(CLAIM, smsConfig.maxPerSecond() / GROUPS_PER_SECOND));
        long handled = 0;
        try (InFlight inFlight = new InFlight(smsConfig.inFlight())) {
            while (!t.unavailable && handled < limit && !stop.requested()) {
                int size = (int) Math.min(CLAIM, limit - handled);
                List<Outbox.Claimed> batch = tx.inTransaction(c -> { // one claim per batch
                    return outbox.claim(c, worker.id(), clock.get(), size);
                });
                if (batch.isEmpty()) {
                    break;
                }
                handled += batch.size();
                for (int from = 0; from < batch.size();) {
                    // beside busy tills a group is a short transaction, as a page of queueing is (ADR 0022)
                    int n = pacing.busy() ? Math.min(group, BUSY_GROUP) : group;
                    List<Outbox.Claimed> part = batch.subList(from, Math.min(batch.size(), from + n));
                    from += part.size();
                    long started = System.nanoTime();
                    record(inFlight.drain(), clock, t);
                    if (t.unavailable || stop.requested()) {
                        requeue(part, clock.get());
                        continue;
                    }
                    List<Outbox.Claimed> ready = prepare(part, settings, clock.get(), t, pacing, inFlight);
                    t.messages += part.size();
                    if (pacing.busy()) {
                        t.busyMessages += part.size();
                    }
                    long worked = System.nanoTime() - started;
                    hand(ready, inFlight, clock, t);
                    pacing.rest(worked, stop);
                }
            }
            record(inFlight.awaitAll(), clock, t);
        }
        return new Result(t.sent, t.failed, t.consent, t.cap, t.quiet, t.retry, t.unavailable, t.messages,
                t.busyMessages, t.dailyCap);
    }

    /**
     * Each message waits for its turn at the operator's rate here, then goes to a thread of its own; one that
     * cannot go any more (the gateway is down, a stop was asked) goes back to the queue, never having left.
     */
    private void hand(List<Outbox.Claimed> ready, InFlight inFlight, Supplier<Instant> clock, Tally t) {
        for (int i = 0; i < ready.size(); i++) {
            Outbox.Claimed m = ready.get(i);
            if (!t.unavailable && !stop.requested()) {
                sms.awaitTurn(SmsEncoding.parts(m.text()));
            }
            if (i % 8 == 0) {
                record(inFlight.drain(), clock, t);
            }
            if (t.unavailable || stop.requested()) {
                requeue(ready.subList(i, ready.size()), clock.get());
                return;
            }
            inFlight.throwIfFatal();
            inFlight.submit(m, message -> sms.submit(new SmsMessage(message.id(), message.phone(), message.text())));
        }
    }

    /**
     * The send-time checks of a group of messages in one transaction (sorted by customer, as claimed, so two
     * workers never wait on each other in a cycle); returns those marked as being attempted, which may go to
     * the gateway once this commits.
     */
    private List<Outbox.Claimed> prepare(List<Outbox.Claimed> group, Map<Long, CampaignSettings> settings, Instant now,
            Tally t, TillPacing pacing, InFlight inFlight) {
        for (Outbox.Claimed m : group) {
            settings.computeIfAbsent(m.chainId(), this::load);
        }
        return tx.inTransaction(c -> {
            pacing.look(c);
            List<Outbox.Claimed> ready = new ArrayList<>(group.size());
            for (Outbox.Claimed m : group) {
                if (prepare(c, m, settings.get(m.chainId()), now, t)) {
                    ready.add(m);
                }
            }
            inFlight.throwIfFatal(); // a process that died commits nothing more
            return ready;
        });
    }

    private boolean prepare(Connection c, Outbox.Claimed m, CampaignSettings s, Instant now, Tally t) throws SQLException {
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
    }

    /**
     * Writes what the gateway answered: acceptances in one statement, the rest one by one. A fatal outcome (the
     * process dying, in tests) ends the run before anything else is written, as a real death would.
     */
    private void record(List<InFlight.Outcome> outcomes, Supplier<Instant> clock, Tally t) {
        if (outcomes.isEmpty()) {
            return;
        }
        for (InFlight.Outcome o : outcomes) {
            if (o.fatal() instanceof Error e) {
                throw e;
            }
            if (o.fatal() != null) {
                throw new IllegalStateException(o.fatal());
            }
        }
        List<Outbox.Accepted> accepted = new ArrayList<>();
        for (InFlight.Outcome o : outcomes) {
            if (o.submitted() != null) {
                accepted.add(new Outbox.Accepted(o.message().chainId(), o.message().id(), o.submitted().gatewayMessageId(),
                        o.submitted().parts()));
            }
        }
        if (!accepted.isEmpty()) {
            tx.read(c -> outbox.sent(c, accepted, sms.gatewayName(), clock.get()));
            t.sent += accepted.size();
        }
        for (InFlight.Outcome o : outcomes) {
            if (o.error() != null) {
                failed(o.message(), o.error(), clock, t);
            }
        }
    }

    private void failed(Outbox.Claimed m, RuntimeException error, Supplier<Instant> clock, Tally t) {
        try {
            throw error;
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
                outbox.unknown(c, m.chainId(), m.id(), GatewayErrors.describe(e));
                return null;
            });
            t.failed++;
        } catch (RuntimeException e) {
            LOG.warnf("Message %d: the gateway failed after its retries: %s", m.id(), e.toString());
            tx.read(c -> {
                if (attempts(c, m) >= MAX_ATTEMPTS) {
                    outbox.failed(c, m.chainId(), m.id(), "gateway: " + GatewayErrors.describe(e));
                    t.failed++;
                } else {
                    outbox.requeue(c, m.chainId(), m.id(), clock.get().plus(10, ChronoUnit.MINUTES));
                    t.retry++;
                }
                return null;
            });
        }
    }

    private void requeue(List<Outbox.Claimed> messages, Instant at) {
        if (!messages.isEmpty()) {
            tx.read(c -> outbox.requeue(c, messages, at));
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
