package io.kopilka.reports;

import java.util.List;

/**
 * The uplift report's queries of its rollup (docs/adr/0045-uplift-rollup.md). Head office and a franchisee read the
 * figures the refresher adds up per scope, group, week of sends and day; one store sums its messages' rows at request
 * time. A franchisee's or a store's messages are those to customers who had bought there before their send: chosen by
 * what happened before the campaign, so the choice cannot differ between the groups because of it.
 */
final class UpliftQueries {

    record Query(String sql, List<Object> args) {
    }

    private UpliftQueries() {
    }

    /**
     * Per group and week of sends and day of first return (1 = the first 24 hours): customers, receipts, revenue (sum
     * and sum of squares per message, for Welch) and points redeemed within [send, send + days).
     */
    static Query returners(ReportScope scope, long campaignId, int days, String zone) {
        if (scope.customerScope() != null) {
            return new Query("""
                    SELECT control, week, day + 1, returned, receipts, revenue, revenue_squares::float8, points
                      FROM report_campaign_days
                     WHERE chain_id = ? AND campaign_id = ? AND scope_id = ? AND day < ? AND receipts <> 0""",
                    List.of(scope.chainId(), campaignId, scope.customerScope(), days));
        }
        // one store: the rollup's rows come in message order, so each message is summed without a sort
        return new Query("""
                SELECT m.control, date_trunc('week', m.sent_at AT TIME ZONE ?)::date, m.first_day + 1, count(*),
                       sum(m.receipts), sum(m.revenue), sum(m.revenue::float8 * m.revenue), sum(m.points)
                  FROM (SELECT r.outbox_id, bool_and(r.control) AS control, min(r.sent_at) AS sent_at,
                               min(r.day) AS first_day, sum(r.receipts) AS receipts, sum(r.revenue) AS revenue,
                               sum(r.points) AS points
                          FROM report_campaign_returns r
                         WHERE r.chain_id = ? AND r.campaign_id = ? AND r.day < ? AND r.store_id = ?
                           AND r.outbox_id IN (SELECT s.outbox_id FROM report_campaign_sends s
                                                WHERE s.chain_id = ? AND s.campaign_id = ? AND ? = ANY (s.stores_before))
                         GROUP BY r.outbox_id) m
                 GROUP BY 1, 2, 3""",
                List.of(zone, scope.chainId(), campaignId, days, scope.storeId(), scope.chainId(), campaignId,
                        scope.storeId()));
    }

    /** Per group and week of sends: messages, SMS parts sent, campaign points given. */
    static Query groups(ReportScope scope, long campaignId, String zone) {
        if (scope.customerScope() != null) {
            return new Query("""
                    SELECT control, week, messages, sms_parts, points_given FROM report_campaign_groups
                     WHERE chain_id = ? AND campaign_id = ? AND scope_id = ? AND messages <> 0""",
                    List.of(scope.chainId(), campaignId, scope.customerScope()));
        }
        return new Query("""
                SELECT control, date_trunc('week', sent_at AT TIME ZONE ?)::date, count(*), sum(sms_parts), sum(points_given)
                  FROM report_campaign_sends
                 WHERE chain_id = ? AND campaign_id = ? AND ? = ANY (stores_before)
                 GROUP BY 1, 2""", List.of(zone, scope.chainId(), campaignId, scope.storeId()));
    }

    /**
     * The campaign's first and last send, whoever reads it (a standing trigger's days of sending are the campaign's),
     * from the ends of an index.
     */
    static Query span(long chainId, long campaignId) {
        return new Query("SELECT min(sent_at), max(sent_at) FROM report_campaign_sends WHERE chain_id = ? AND campaign_id = ?",
                List.of(chainId, campaignId));
    }
}
