package io.kopilka.campaigns;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Transactions;

/**
 * The batch job ({@code campaigns run}): orphaned claims recovered, nightly housekeeping, today's birthday
 * greetings and switched-on triggers planned, due promo campaigns queued, then due messages sent until the
 * queue is empty or the gateway is unavailable. A dry run writes and sends nothing and reports the audiences
 * and costs. Every step is idempotent, so the job can be rerun, run twice at once or killed at any point.
 */
@ApplicationScoped
public class CampaignJob {

    @Inject
    DataSource dataSource;

    @Inject
    Transactions tx;

    @Inject
    Outbox outbox;

    @Inject
    EarlyReports earlyReports;

    @Inject
    OutboxSender sender;

    @Inject
    CampaignPlanner planner;

    @Inject
    CampaignService campaigns;

    @Inject
    CampaignSettingsStore settingsStore;

    @Inject
    BirthdayGreetings birthdays;

    @Inject
    Triggers triggers;

    @Inject
    Housekeeping housekeeping;

    @Inject
    JobStop stop;

    /** {@code receiptWait}: how long to stay after sending for the delivery receipts of what this run sent. */
    public record Options(boolean dryRun, boolean housekeeping, boolean send, long sendLimit, Duration receiptWait) {
        public Options(boolean dryRun, boolean housekeeping, boolean send, long sendLimit) {
            this(dryRun, housekeeping, send, sendLimit, Duration.ZERO);
        }

        public static Options full() {
            return new Options(false, true, true, Long.MAX_VALUE);
        }
    }

    /** What one run did, a line per step, and whether the gateway stopped it early. */
    public record Summary(List<String> lines, long queued, long sent, boolean gatewayUnavailable, long leftQueued) {
        @Override
        public String toString() {
            return String.join(System.lineSeparator(), lines);
        }
    }

    public Summary run(Instant now, Options options) throws SQLException {
        return run(now, options, line -> {
        });
    }

    /** {@code progress} gets each step's line as soon as the step is done, so a run that is killed still shows its steps. */
    public Summary run(Instant now, Options options, Consumer<String> progress) throws SQLException {
        long t0 = System.nanoTime();
        Supplier<Instant> clock = () -> now.plusNanos(System.nanoTime() - t0);
        Steps steps = new Steps(new ArrayList<>(), progress);
        long queued = 0;
        try (Worker worker = Worker.start(dataSource)) {
            steps.add((options.dryRun() ? "DRY RUN (nothing is written or sent), " : "") + "worker " + worker.id() + " at " + now);
            if (!options.dryRun()) {
                steps.add("recovered " + recover(worker) + " messages claimed by stopped workers");
                steps.add(resolveUnknown(now));
                if (options.housekeeping()) {
                    long h = System.nanoTime();
                    steps.add("housekeeping: " + housekeeping.run(now) + " (" + ms(h) + " ms)");
                }
            }
            for (long chainId : chains()) {
                if (stop.requested()) {
                    break;
                }
                queued += planChain(chainId, now, options.dryRun(), worker, steps);
            }
            boolean unavailable = false;
            long sent = 0;
            if (options.dryRun()) {
                steps.add("due now in the outbox: " + dueMessages(now) + " messages");
            } else if (options.send()) {
                long s = System.nanoTime();
                OutboxSender.Result r = sender.sendDue(worker, clock, options.sendLimit());
                steps.add("sending: " + r + " (" + ms(s) + " ms)");
                unavailable = r.gatewayUnavailable();
                sent = r.sent();
                if (sent > 0 && !options.receiptWait().isZero()) {
                    steps.add(awaitReceipts(worker, options.receiptWait()));
                }
                steps.add("campaigns finished: " + finishCampaigns(clock.get()));
            }
            long left = options.dryRun() ? 0 : dueMessages(clock.get());
            if (unavailable) {
                steps.add("stopped early: the SMS gateway is unavailable; " + left + " due messages stay queued for the next run");
            } else if (stop.requested() && !options.dryRun()) {
                steps.add("stopped on request: " + left + " due messages stay queued for the next run");
            }
            steps.add("done in " + ms(t0) + " ms");
            return new Summary(steps.all(), queued, sent, unavailable, left);
        }
    }

    /** The run's step lines; each also goes to the caller's progress as soon as it is known. */
    private record Steps(List<String> all, Consumer<String> progress) {
        void add(String line) {
            progress.accept(line);
            all.add(line);
        }
    }

    private long planChain(long chainId, Instant now, boolean dryRun, Worker worker, Steps steps) throws SQLException {
        CampaignSettings settings = tx.read(c -> settingsStore.load(c, chainId));
        // a dry run reads the secret without creating it, so its split is the one a run would make
        byte[] secret = tx.read(c -> dryRun ? settingsStore.secretIfAny(c, chainId) : settingsStore.optOutSecret(c, chainId));
        String currency = tx.read(c -> CampaignService.currency(c, chainId));
        long queued = 0;
        String chain = "chain " + chainId + ": ";
        if (Boolean.TRUE.equals(settings.birthday().enabled())) {
            StandingCampaign birthday = standing(chainId, "birthday", dryRun);
            long s = System.nanoTime();
            CampaignPlanner.Planned p = planner.plan(birthdays.plan(chainId, birthday, settings, now), settings, secret,
                    !dryRun, now);
            steps.add(chain + describe("birthday greetings", p, settings, currency, dryRun) + " (" + ms(s) + " ms)");
            queued += p.queued();
        }
        for (Triggers.Planned t : triggers.plans(chainId, settings, now, kind -> standing(chainId, kind, dryRun))) {
            long s = System.nanoTime();
            CampaignPlanner.Planned p = planner.plan(t.plan(), settings, secret, !dryRun, now);
            steps.add(chain + describe("trigger " + t.kind(), p, settings, currency, dryRun) + " (" + ms(s) + " ms)");
            queued += p.queued();
        }
        for (CampaignView v : dueCampaigns(chainId, now)) {
            if (!dryRun && !worker.tryCampaign(v.id())) {
                steps.add(chain + "campaign " + v.id() + " is being queued by another worker");
                continue;
            }
            try {
                long s = System.nanoTime();
                if (!dryRun) {
                    setStatus(chainId, v.id(), "queueing", null);
                }
                CampaignPlanner.Planned p = planner.plan(campaigns.promoPlan(chainId, v, settings, now), settings, secret,
                        !dryRun, now);
                if (!dryRun && !stop.requested()) { // a stopped run leaves it queueing: the next one goes on
                    setStatus(chainId, v.id(), "sending", now);
                }
                steps.add(chain + describe("campaign " + v.id() + " '" + v.name() + "'", p, settings, currency, dryRun)
                        + " (" + ms(s) + " ms)");
                queued += p.queued();
            } finally {
                if (!dryRun) {
                    worker.releaseCampaign(v.id());
                }
            }
        }
        return queued;
    }

    private static String describe(String what, CampaignPlanner.Planned p, CampaignSettings s, String currency, boolean dryRun) {
        return what + ": audience " + p.audience() + ", treated " + p.treated() + ", held out " + p.heldOut() + ", "
                + p.smsParts() + " SMS parts, cost "
                + p.smsParts() * s.smsPartPriceMinor() + " minor " + currency + (dryRun ? "" : ", newly queued " + p.queued()
                        + (p.pages() == 0 ? "" : ", " + p.busyPages() + " of " + p.pages() + " pages beside busy tills"));
    }

    private long recover(Worker worker) {
        return tx.read(c -> {
            long n = 0;
            for (long other : outbox.claimers(c)) {
                if (worker.isDead(other)) {
                    n += outbox.recover(c, other);
                }
            }
            return n;
        });
    }

    /** Unknown messages that a kept delivery report now explains; the rest wait for a report or head office's resend. */
    private String resolveUnknown(Instant now) {
        return tx.read(c -> {
            int resolved = earlyReports.matchUnknown(c, null);
            int forgotten = earlyReports.forget(c, now);
            return "unknown messages resolved by delivery reports: " + resolved + "; reports let go after "
                    + EarlyReports.KEPT_DAYS + " days without their message: " + forgotten;
        });
    }

    /** A dry run creates nothing: it takes the standing campaign as it is, or as it would be created. */
    private StandingCampaign standing(long chainId, String kind, boolean dryRun) {
        return tx.read(c -> dryRun ? campaigns.existingStanding(c, chainId, kind)
                : campaigns.standingCampaign(c, chainId, kind));
    }

    private List<Long> chains() {
        return tx.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chains ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    private List<CampaignView> dueCampaigns(long chainId, Instant now) {
        return tx.read(c -> campaigns.query(c, CampaignService.COLUMNS + "\n" + """
                 WHERE chain_id = ? AND kind = 'promo' AND status IN ('scheduled', 'queueing') AND send_at <= ?
                 ORDER BY send_at, id""", chainId, io.kopilka.ledger.Ledger.odt(now)));
    }

    private void setStatus(long chainId, long id, String status, Instant queuedAt) {
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE campaigns SET status = ?, queued_at = coalesce(?::timestamptz, queued_at),
                           queued_count = CASE WHEN ?::timestamptz IS NULL THEN queued_count
                               ELSE (SELECT count(*) FROM sms_outbox o WHERE o.chain_id = campaigns.chain_id AND o.campaign_id = campaigns.id
                                        AND o.skip_reason IS DISTINCT FROM 'held_out') END
                     WHERE chain_id = ? AND id = ?""")) {
                ps.setString(1, status);
                ps.setObject(2, queuedAt == null ? null : io.kopilka.ledger.Ledger.odt(queuedAt));
                ps.setObject(3, queuedAt == null ? null : io.kopilka.ledger.Ledger.odt(queuedAt));
                ps.setLong(4, chainId);
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
    }

    private int finishCampaigns(Instant now) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE campaigns ca SET status = 'done', finished_at = ? WHERE kind = 'promo' AND status = 'sending'
                       AND NOT EXISTS (SELECT 1 FROM sms_outbox o WHERE o.chain_id = ca.chain_id AND o.campaign_id = ca.id
                                          AND o.status IN ('queued', 'sending'))""")) {
                ps.setObject(1, io.kopilka.ledger.Ledger.odt(now));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * An SMPP session exists only while the job runs, so receipts the SMSC does not keep would be lost: stay bound
     * until every message this run sent has its receipt, or the wait is over (docs/sms-gateways.md).
     */
    private String awaitReceipts(Worker worker, Duration wait) {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        long open;
        while ((open = awaitingReceipt(worker)) > 0 && System.nanoTime() < deadline && !stop.requested()) {
            try {
                // the stop's own sleep, so a SIGTERM ends the wait at once rather than after the next look
                stop.sleepUntil(Instant.now().plusMillis(Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "delivery receipts: waited " + ms(start) + " ms, " + open + " sent messages still without one";
    }

    private long awaitingReceipt(Worker worker) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM sms_outbox WHERE status = 'sent' AND claimed_by = ?")) {
                ps.setLong(1, worker.id());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long dueMessages(Instant now) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM sms_outbox WHERE status = 'queued' AND not_before <= ?")) {
                ps.setObject(1, io.kopilka.ledger.Ledger.odt(now));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
