package io.kopilka.reports;

import java.sql.Connection;
import java.sql.SQLException;
import jakarta.enterprise.context.ApplicationScoped;

import static io.kopilka.reports.ReportRollups.update;

/**
 * Keeps the uplift report's rollup (V25, docs/adr/0045-uplift-rollup.md) current: every message the outbox marked
 * (written, or its group, send time or counted parts changed) and every message of a customer whose receipts changed
 * is recomputed whole, its send row and its returns, so running it twice changes nothing. The refresher marks the
 * touched customers' messages in its transaction, then works off the marks in batches of their own transactions: a
 * campaign of a million messages is many short statements, not one that outlasts the connection's bound.
 */
@ApplicationScoped
public class CampaignReturnsRollup {

    /** A message's returns are kept this many days after its send: the report's longest window. */
    static final int DAYS_KEPT = 365;

    /** A batch this large renews the rollup's statistics before its shares are added. */
    static final int ANALYZE_AFTER_MESSAGES = 5_000;

    private static final String CUSTOMERS_MESSAGES = """
            INSERT INTO report_outbox_marks (chain_id, campaign_id, outbox_id)
            SELECT s.chain_id, s.campaign_id, s.outbox_id FROM report_touched x
              JOIN report_campaign_sends s ON s.chain_id = ? AND s.customer_id = x.customer_id""";

    private static final String TOUCHED = """
            WITH m AS (DELETE FROM report_outbox_marks
                        WHERE ctid = ANY (ARRAY(SELECT ctid FROM report_outbox_marks WHERE chain_id = ? LIMIT ?))
                       RETURNING campaign_id, outbox_id)
            INSERT INTO report_sends_touched SELECT DISTINCT campaign_id, outbox_id FROM m""";

    private static final String SENDS = """
            INSERT INTO report_campaign_sends (chain_id, campaign_id, outbox_id, customer_id, control, sent_at, week,
                                               sms_parts, points_given, stores_before)
            SELECT o.chain_id, o.campaign_id, o.id, pe.customer_id, h.control, g.t0,
                   date_trunc('week', g.t0 AT TIME ZONE ?)::date,
                   CASE WHEN o.status IN ('sent', 'delivered', 'unknown') THEN o.parts ELSE 0 END,
                   CASE WHEN c.kind = 'birthday' AND NOT h.control THEN (
                       SELECT coalesce(sum(l.points), 0) FROM ledger_entries l
                        WHERE l.chain_id = o.chain_id AND l.customer_id = o.customer_id AND l.kind = 'birthday'
                          AND l.created_at = o.created_at) ELSE 0 END,
                   ARRAY(SELECT DISTINCT p.store_id FROM receipts p
                          WHERE p.chain_id = o.chain_id AND p.customer_id = pe.customer_id AND p.status = 'confirmed'
                            AND p.occurred_at < g.t0 ORDER BY 1)
              FROM report_sends_touched x
              JOIN sms_outbox o ON o.chain_id = ? AND o.id = x.outbox_id
              JOIN campaigns c ON c.chain_id = o.chain_id AND c.id = o.campaign_id
             -- the person: a message to a customer since merged counts the survivor's receipts (docs/adr/0047)
             CROSS JOIN LATERAL (SELECT coalesce((SELECT cu.merged_into FROM customers cu
                                                   WHERE cu.chain_id = o.chain_id AND cu.id = o.customer_id),
                                                 o.customer_id) AS customer_id) pe
             CROSS JOIN LATERAL (SELECT o.status = 'skipped' AND o.skip_reason = 'held_out' AS control) h
             CROSS JOIN LATERAL (SELECT CASE WHEN h.control THEN o.not_before
                                             ELSE coalesce(o.sent_at, o.not_before) END AS t0) g""";

    private static final String RETURNS = """
            INSERT INTO report_campaign_returns (chain_id, campaign_id, outbox_id, day, store_id, control, sent_at,
                                                 receipts, revenue, points)
            SELECT s.chain_id, s.campaign_id, s.outbox_id, floor(extract(epoch FROM r.occurred_at - s.sent_at) / 86400),
                   r.store_id, s.control, s.sent_at, count(*), sum(r.total_minor - r.discount_minor), sum(r.points_redeemed)
              FROM report_sends_touched x
              JOIN report_campaign_sends s ON s.chain_id = ? AND s.campaign_id = x.campaign_id AND s.outbox_id = x.outbox_id
              JOIN receipts r ON r.chain_id = s.chain_id AND r.customer_id = s.customer_id AND r.status = 'confirmed'
                             AND r.occurred_at >= s.sent_at AND r.occurred_at < s.sent_at + make_interval(days => ?)
             GROUP BY 1, 2, 3, 4, 5, 6, 7""";

    /** The scopes a message counts in: the chain (0), and each franchisee at whose stores the customer had bought before. */
    private static final String SCOPES = """
            CROSS JOIN LATERAL (SELECT 0::bigint AS scope_id
                                 UNION
                                SELECT st.franchisee_id FROM stores st
                                 WHERE st.chain_id = s.chain_id AND st.id = ANY (s.stores_before)
                                   AND st.franchisee_id IS NOT NULL) sc""";

    /** The touched messages' share of the scopes' groups, times the sign (-1 before, +1 after recomputing). */
    private static final String GROUPS_SHARE = """
            INSERT INTO report_campaign_groups AS g (chain_id, campaign_id, scope_id, control, week, messages, sms_parts,
                                                     points_given)
            SELECT s.chain_id, s.campaign_id, sc.scope_id, s.control, s.week, ? * count(*), ? * sum(s.sms_parts),
                   ? * sum(s.points_given)
              FROM report_sends_touched x
              JOIN report_campaign_sends s ON s.chain_id = ? AND s.campaign_id = x.campaign_id AND s.outbox_id = x.outbox_id
            """ + SCOPES + """

             GROUP BY 1, 2, 3, 4, 5
            ON CONFLICT (chain_id, campaign_id, scope_id, control, week) DO UPDATE
               SET messages = g.messages + excluded.messages, sms_parts = g.sms_parts + excluded.sms_parts,
                   points_given = g.points_given + excluded.points_given""";

    /*
     * The touched messages' share of the scopes' days: per message, scope and day its receipts (a franchisee's: at its
     * stores), revenue and points, the first day flagged, and the growth of the square of its revenue since the send
     * (cum² − (cum − that day's)²).
     */
    private static final String DAYS_SHARE = """
            INSERT INTO report_campaign_days AS t (chain_id, campaign_id, scope_id, control, week, day, returned, receipts,
                                                   revenue, revenue_squares, points)
            SELECT c.chain_id, c.campaign_id, c.scope_id, c.control, c.week, c.day, ? * count(*) FILTER (WHERE c.k = 1),
                   ? * sum(c.n), ? * sum(c.revenue),
                   ? * sum(c.cum::numeric * c.cum - (c.cum - c.revenue)::numeric * (c.cum - c.revenue)), ? * sum(c.points)
              FROM (SELECT d.*, sum(d.revenue) OVER w AS cum, row_number() OVER w AS k
                      FROM (SELECT s.chain_id, s.campaign_id, s.outbox_id, sc.scope_id, s.control, s.week, r.day,
                                   sum(r.receipts) AS n, sum(r.revenue) AS revenue, sum(r.points) AS points
                              FROM report_sends_touched x
                              JOIN report_campaign_sends s ON s.chain_id = ? AND s.campaign_id = x.campaign_id
                                                          AND s.outbox_id = x.outbox_id
                            """ + SCOPES + """

                              JOIN report_campaign_returns r ON r.chain_id = s.chain_id AND r.campaign_id = s.campaign_id
                                                            AND r.outbox_id = s.outbox_id
                              JOIN stores rs ON rs.chain_id = r.chain_id AND rs.id = r.store_id
                             WHERE sc.scope_id = 0 OR rs.franchisee_id = sc.scope_id
                             GROUP BY 1, 2, 3, 4, 5, 6, 7) d
                    WINDOW w AS (PARTITION BY d.campaign_id, d.outbox_id, d.scope_id ORDER BY d.day)) c
             GROUP BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (chain_id, campaign_id, scope_id, control, week, day) DO UPDATE
               SET returned = t.returned + excluded.returned, receipts = t.receipts + excluded.receipts,
                   revenue = t.revenue + excluded.revenue, revenue_squares = t.revenue_squares + excluded.revenue_squares,
                   points = t.points + excluded.points""";

    /** In the refresher's transaction: marks the messages of the customers in report_touched. */
    void markCustomers(Connection c, long chainId) throws SQLException {
        update(c, CUSTOMERS_MESSAGES, chainId);
    }

    /**
     * Recomputes up to {@code batch} marked messages, weeks in the chain's campaign time zone {@code zone}; @return
     * how many (0: none was left).
     */
    long refreshBatch(Connection c, long chainId, String zone, int batch) throws SQLException {
        update(c, "CREATE TEMP TABLE report_sends_touched (campaign_id bigint, outbox_id bigint) ON COMMIT DROP");
        long messages = update(c, TOUCHED, chainId, batch);
        if (messages == 0) {
            return 0;
        }
        update(c, "ANALYZE report_sends_touched");
        addShares(c, chainId, -1);
        update(c, "DELETE FROM report_campaign_returns t USING report_sends_touched x "
                + "WHERE t.chain_id = ? AND t.campaign_id = x.campaign_id AND t.outbox_id = x.outbox_id", chainId);
        update(c, "DELETE FROM report_campaign_sends t USING report_sends_touched x "
                + "WHERE t.chain_id = ? AND t.campaign_id = x.campaign_id AND t.outbox_id = x.outbox_id", chainId);
        update(c, SENDS, zone, chainId);
        update(c, RETURNS, chainId, DAYS_KEPT);
        if (messages >= ANALYZE_AFTER_MESSAGES) {
            // the shares join these tables by message: planned on statistics of emptier tables (a first campaign),
            // the join turns into a scan per message
            update(c, "ANALYZE report_campaign_sends, report_campaign_returns");
        }
        addShares(c, chainId, 1);
        return messages;
    }

    private static void addShares(Connection c, long chainId, int sign) throws SQLException {
        update(c, GROUPS_SHARE, sign, sign, sign, chainId);
        update(c, DAYS_SHARE, sign, sign, sign, sign, sign, chainId);
    }
}
