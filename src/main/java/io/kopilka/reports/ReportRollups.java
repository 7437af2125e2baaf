package io.kopilka.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kopilka.platform.CampaignDefaults;
import io.kopilka.platform.Transactions;

/**
 * Keeps the report rollups current. Receipts, their status changes and returns leave a mark in
 * report_dirty_days (a trigger) with the receipt's customer (a return marks the receipt's day, and the return's
 * day at the store that took it and at the receipt's store); enrolments and expiry entries are found by time
 * since the last refresh. Every store day touched is recomputed whole from the raw tables, and so is every
 * marked customer's summary, so running it twice changes nothing. One transaction per chain under an advisory lock: a
 * second refresher (another node, the nightly job) skips a chain that is being refreshed. The uplift rollup's
 * campaign messages follow in transactions of their own, a batch each ({@link CampaignReturnsRollup}).
 */
@ApplicationScoped
public class ReportRollups {

    /**
     * customers counts rows of report_customers rewritten: one per customer and scope (chain, franchisee);
     * messages the campaign messages whose returns were recomputed.
     */
    public record Result(int chains, int chainsSkipped, long storeDays, long customers, long messages) {
        @Override
        public String toString() {
            return "refreshed " + chains + " chains (" + chainsSkipped + " busy elsewhere): " + storeDays
                    + " store days, " + customers + " customer rows, " + messages + " campaign messages";
        }
    }

    /** Enrolments and expiry entries are looked for this far before the last refresh (long transactions). */
    static final Duration TIME_MARGIN = Duration.ofDays(1);

    /** After a change this large (a first refresh, a reload) statistics and the visibility map are renewed at once. */
    static final long BIG_CHANGE_STORE_DAYS = 10_000;
    static final long BIG_CHANGE_CUSTOMERS = 100_000;


    private static final int LOCK_CLASS = 0x6b72; // "kr": report refresh, one lock per chain

    private static final String DAYS_IN = """
            r.chain_id = ? AND r.store_id = d.store_id AND r.occurred_at >= d.day_start AND r.occurred_at < d.day_end""";

    /*
     * A store day: the confirmed receipts that occurred there that day, less the returns the store took that day
     * (whichever store sold the goods: a return counts where and when it happened).
     */
    private static final String STORE_DAYS = """
            INSERT INTO report_store_days (chain_id, store_id, day, receipts, loyalty_receipts, sales, loyalty_sales,
                                           returns, discount, points_earned, points_redeemed, points_expired,
                                           new_members, referrals)
            SELECT ?, d.store_id, d.day, rc.receipts, rc.loyalty_receipts, rc.sales - rt.amount,
                   rc.loyalty_sales - rt.loyalty_amount, rt.amount, rc.discount, rc.points_earned - rt.reversed,
                   rc.points_redeemed - rt.refunded, ex.points, nm.members, nm.referrals
              FROM report_days d
             CROSS JOIN LATERAL (
                SELECT count(*) AS receipts, count(r.customer_id) AS loyalty_receipts,
                       coalesce(sum(r.total_minor - r.discount_minor), 0) AS sales,
                       coalesce(sum(r.total_minor - r.discount_minor) FILTER (WHERE r.customer_id IS NOT NULL), 0)
                           AS loyalty_sales,
                       coalesce(sum(r.discount_minor), 0) AS discount,
                       coalesce(sum(r.points_earned), 0) AS points_earned,
                       coalesce(sum(r.points_redeemed), 0) AS points_redeemed
                  FROM receipts r
                 WHERE r.status = 'confirmed' AND """ + " " + DAYS_IN + """
            ) rc
             CROSS JOIN LATERAL (
                SELECT count(*) AS taken, coalesce(sum(m.amount), 0) AS amount,
                       coalesce(sum(m.amount) FILTER (WHERE r.customer_id IS NOT NULL), 0) AS loyalty_amount,
                       coalesce(sum(x.points_reversed), 0) AS reversed, coalesce(sum(x.points_refunded), 0) AS refunded
                  FROM receipt_returns x
                  JOIN receipts r ON r.chain_id = x.chain_id AND r.id = x.receipt_id
                 CROSS JOIN LATERAL (SELECT """ + ReceiptFacts.RETURN_MONEY + """
             AS amount) m
                 WHERE x.chain_id = ? AND x.store_id = d.store_id
                   AND x.created_at >= d.day_start AND x.created_at < d.day_end) rt
             CROSS JOIN LATERAL (
                SELECT count(*) AS members, count(c.referred_by) AS referrals FROM customers c
                 WHERE c.chain_id = ? AND c.home_store_id = d.store_id
                   AND c.created_at >= d.day_start AND c.created_at < d.day_end) nm
             CROSS JOIN LATERAL (
                SELECT coalesce(-sum(e.points), 0) AS points FROM ledger_entries e
                 WHERE e.chain_id = ? AND e.kind = 'expire' AND e.store_id = d.store_id
                   AND e.created_at >= d.day_start AND e.created_at < d.day_end) ex
             WHERE rc.receipts > 0 OR rt.taken > 0 OR nm.members > 0 OR ex.points <> 0""";

    private static final String CUSTOMERS = "INSERT INTO report_customers (chain_id, scope_id, customer_id, first_day, "
            + "last_day, receipts, sales, returns, purchase_days) "
            + "SELECT ?, CASE WHEN GROUPING(s.franchisee_id) = 1 THEN 0 ELSE s.franchisee_id END, r.customer_id, "
            + ReceiptFacts.CUSTOMER_COLUMNS
            + " FROM report_touched x JOIN receipts r ON r.chain_id = ? AND r.customer_id = x.customer_id "
            + ReceiptFacts.STORE_AND_RETURNS + """
             WHERE r.status = 'confirmed'
             GROUP BY GROUPING SETS ((r.customer_id), (r.customer_id, s.franchisee_id))
            HAVING GROUPING(s.franchisee_id) = 1 OR s.franchisee_id IS NOT NULL""";

    /*
     * Points spent at a store on its day, by the store whose lots gave them, less the points returns gave back that
     * day of what had been spent there: each refund's lot is booked to the store whose lot it replaces (see
     * checkout/RefundSplit), so the netting follows the same lots.
     */
    private static final String SETTLEMENT = """
            INSERT INTO report_settlement_days (chain_id, redeemed_store_id, day, earned_store_id, points)
            SELECT ?, t.store_id, t.day, t.earned_store_id, sum(t.points)
              FROM (
                SELECT d.store_id, d.day, l.store_id AS earned_store_id, c.points
                  FROM report_days d
                  JOIN receipts r ON r.status = 'confirmed' AND r.points_redeemed > 0 AND """ + " " + DAYS_IN + """

                  JOIN ledger_entries e ON e.chain_id = r.chain_id AND e.receipt_id = r.id AND e.kind = 'redeem'
                  JOIN lot_consumptions c ON c.chain_id = e.chain_id AND c.entry_id = e.id
                  JOIN point_lots l ON l.chain_id = c.chain_id AND l.id = c.lot_id
                 WHERE l.store_id IS NOT NULL
                UNION ALL
                SELECT d.store_id, d.day, l.store_id, -e.points
                  FROM report_days d
                  JOIN ledger_entries e ON e.chain_id = ? AND e.kind = 'redeem_refund' AND e.return_id IS NOT NULL
                                       AND e.created_at >= d.day_start AND e.created_at < d.day_end
                  JOIN receipts r ON r.chain_id = e.chain_id AND r.id = e.receipt_id AND r.store_id = d.store_id
                  JOIN point_lots l ON l.chain_id = e.chain_id AND l.id = e.id
                 WHERE l.store_id IS NOT NULL) t
             GROUP BY t.store_id, t.day, t.earned_store_id
            HAVING sum(t.points) <> 0""";

    private static final String LIABILITY = """
            INSERT INTO report_store_liability (chain_id, store_id, points_outstanding, points_pending, as_of)
            SELECT ?, store_id,
                   coalesce(sum(points_remaining) FILTER (WHERE available_at <= ? AND (expires_at IS NULL OR expires_at > ?)), 0),
                   coalesce(sum(points_remaining) FILTER (WHERE available_at > ?), 0), ?
              FROM point_lots WHERE chain_id = ? AND points_remaining <> 0 AND store_id IS NOT NULL
             GROUP BY store_id""";

    @Inject
    Transactions tx;

    @Inject
    ActivityRollup activity;

    @Inject
    CampaignReturnsRollup campaignReturns;

    /** Campaign messages rolled up per transaction (CampaignReturnsRollup): seconds, not minutes, each. */
    @ConfigProperty(name = "kopilka.reports.campaign-messages-per-transaction", defaultValue = "50000")
    int messagesPerTransaction;

    public Result refresh(Instant now) {
        List<Long> chains = tx.read(c -> {
            List<Long> ids = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM chains ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
        int done = 0;
        int skipped = 0;
        long storeDays = 0;
        long customers = 0;
        long messages = 0;
        for (long chainId : chains) {
            long[] counts = refreshChain(chainId, now);
            if (counts == null) {
                skipped++;
            } else {
                done++;
                storeDays += counts[0];
                customers += counts[1];
                messages += counts[2];
            }
        }
        if (storeDays > BIG_CHANGE_STORE_DAYS || customers > BIG_CHANGE_CUSTOMERS || messages > BIG_CHANGE_CUSTOMERS) {
            vacuum();
        }
        return new Result(done, skipped, storeDays, customers, messages);
    }

    /** @return store days, customers and campaign messages recomputed, or null when another refresher holds the chain */
    long[] refreshChain(long chainId, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        long[] counts = tx.inTransaction(c -> {
            // a large catch-up may run longer than the API's statement bound
            Transactions.withoutStatementBound(c);
            if (!lock(c, chainId)) {
                return null; // nothing written yet: the commit only ends the transaction
            }
            OffsetDateTime since = lastRefresh(c, chainId);
            collectDays(c, chainId, since == null ? null : since.minus(TIME_MARGIN));
            long storeDays = update(c, "DELETE FROM report_store_days t USING report_days d "
                    + "WHERE t.chain_id = ? AND t.store_id = d.store_id AND t.day = d.day", chainId);
            storeDays = Math.max(storeDays, update(c, STORE_DAYS, chainId, chainId, chainId, chainId, chainId));
            update(c, "CREATE TEMP TABLE report_touched (customer_id bigint) ON COMMIT DROP");
            update(c, "INSERT INTO report_touched SELECT DISTINCT customer_id FROM report_marks "
                    + "WHERE customer_id IS NOT NULL");
            update(c, "ANALYZE report_touched");
            ActivityRollup.Change replaced = activity.before(c, chainId);
            long customers = update(c, "DELETE FROM report_customers t USING report_touched x "
                    + "WHERE t.chain_id = ? AND t.customer_id = x.customer_id", chainId);
            customers = Math.max(customers, update(c, CUSTOMERS, chainId, chainId));
            activity.after(c, chainId, replaced);
            campaignReturns.markCustomers(c, chainId);
            update(c, "DELETE FROM report_settlement_days t USING report_days d "
                    + "WHERE t.chain_id = ? AND t.redeemed_store_id = d.store_id AND t.day = d.day", chainId);
            update(c, SETTLEMENT, chainId, chainId, chainId);
            update(c, "DELETE FROM report_store_liability WHERE chain_id = ?", chainId);
            update(c, LIABILITY, chainId, at, at, at, at, chainId);
            update(c, """
                    INSERT INTO report_refreshes (chain_id, refreshed_at) VALUES (?, ?)
                    ON CONFLICT (chain_id) DO UPDATE SET refreshed_at = excluded.refreshed_at""", chainId, at);
            return new long[] { storeDays, customers, 0 };
        });
        while (counts != null) {
            long messages = tx.inTransaction(c -> {
                Transactions.withoutStatementBound(c);
                return lock(c, chainId)
                        ? campaignReturns.refreshBatch(c, chainId, campaignZone(c, chainId), messagesPerTransaction)
                        : 0;
            });
            if (messages == 0) {
                break;
            }
            counts[2] += messages;
        }
        return counts;
    }

    private void vacuum() {
        tx.read(c -> { // VACUUM cannot run inside a transaction
            try (Statement st = c.createStatement()) {
                return st.execute("VACUUM (ANALYZE) report_customers, report_store_days, report_settlement_days, report_activity_cells, "
                        + "report_campaign_sends, report_campaign_returns, report_campaign_days");
            }
        });
    }

    private static boolean lock(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, (int) chainId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String campaignZone(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT document->>'default_timezone' FROM campaign_settings WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                String zone = rs.next() ? rs.getString(1) : null;
                return zone == null ? CampaignDefaults.TIMEZONE : zone;
            }
        }
    }

    private static OffsetDateTime lastRefresh(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT refreshed_at FROM report_refreshes WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
            }
        }
    }

    /** report_marks: what changed, as (store, local day, customer); report_days: the store days to recompute. */
    private static void collectDays(Connection c, long chainId, OffsetDateTime since) throws SQLException {
        update(c, "CREATE TEMP TABLE report_marks (store_id bigint, day date, customer_id bigint) ON COMMIT DROP");
        update(c, """
                WITH m AS (DELETE FROM report_dirty_days WHERE chain_id = ? RETURNING store_id, occurred_at, customer_id)
                INSERT INTO report_marks
                SELECT DISTINCT m.store_id, (m.occurred_at AT TIME ZONE s.timezone)::date, m.customer_id
                  FROM m JOIN stores s ON s.chain_id = ? AND s.id = m.store_id""", chainId, chainId);
        OffsetDateTime from = since == null ? OffsetDateTime.parse("1970-01-01T00:00Z") : since;
        update(c, """
                INSERT INTO report_marks (store_id, day)
                SELECT DISTINCT c.home_store_id, (c.created_at AT TIME ZONE s.timezone)::date
                  FROM customers c JOIN stores s ON s.chain_id = c.chain_id AND s.id = c.home_store_id
                 WHERE c.chain_id = ? AND c.created_at >= ?
                UNION
                SELECT DISTINCT e.store_id, (e.created_at AT TIME ZONE s.timezone)::date
                  FROM ledger_entries e JOIN stores s ON s.chain_id = e.chain_id AND s.id = e.store_id
                 WHERE e.chain_id = ? AND e.kind = 'expire' AND e.created_at >= ?""", chainId, from, chainId, from);
        update(c, "CREATE TEMP TABLE report_days (store_id bigint, day date, day_start timestamptz, "
                + "day_end timestamptz) ON COMMIT DROP");
        update(c, """
                INSERT INTO report_days
                SELECT x.store_id, x.day, x.day::timestamp AT TIME ZONE s.timezone,
                       (x.day + 1)::timestamp AT TIME ZONE s.timezone
                  FROM (SELECT DISTINCT store_id, day FROM report_marks) x
                  JOIN stores s ON s.chain_id = ? AND s.id = x.store_id""", chainId);
        update(c, "ANALYZE report_days");
    }

    static long update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ReportDatabase.bind(ps, List.of(args));
            return ps.executeLargeUpdate();
        }
    }
}
