package io.kopilka.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The segments report of a scope, computed by the refresher whenever the scope's customers changed (RFM
 * quintiles need every customer of the scope; a request then reads a few hundred rows). The scores and segments
 * are those of {@link Rfm} and {@link SegmentsReport#score}, in SQL; a test keeps the two equal.
 */
final class SegmentSnapshots {

    private static final String SCORED = """
            WITH c AS (SELECT chain_id, scope_id, customer_id, first_day, last_day, receipts, sales, returns
                         FROM report_customers WHERE chain_id = ? AND scope_id = ?),
            q AS MATERIALIZED (SELECT percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY last_day) AS r,
                         percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY receipts) AS f,
                         percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY sales - returns) AS m
                    FROM c),
            scored AS MATERIALIZED (
                SELECT c.chain_id, c.scope_id, c.customer_id, c.first_day, c.last_day, c.receipts, c.sales, c.returns,
                       c.sales - c.returns AS net,
                       1 + (c.last_day > q.r[1])::int + (c.last_day > q.r[2])::int + (c.last_day > q.r[3])::int
                         + (c.last_day > q.r[4])::int AS rs,
                       1 + (c.receipts > q.f[1])::int + (c.receipts > q.f[2])::int + (c.receipts > q.f[3])::int
                         + (c.receipts > q.f[4])::int AS fs,
                       1 + (c.sales - c.returns > q.m[1])::int + (c.sales - c.returns > q.m[2])::int
                         + (c.sales - c.returns > q.m[3])::int + (c.sales - c.returns > q.m[4])::int AS ms
                  FROM c, q),
            s AS (
                SELECT scored.*,
                       CASE WHEN returns > 0 AND 2 * returns >= sales THEN 'problem'
                            WHEN ms >= 4 THEN CASE WHEN last_day - first_day >= %d THEN 'stars' ELSE 'productive' END
                            ELSE 'question_marks' END AS segment
                  FROM scored),
            top AS (
                INSERT INTO report_segment_top (chain_id, scope_id, rank, customer_id, r, f, m, segment, net_sales)
                SELECT chain_id, scope_id, row_number() OVER (ORDER BY net DESC, customer_id), customer_id, rs, fs, ms,
                       segment, net
                  FROM s ORDER BY net DESC, customer_id LIMIT %d)
            INSERT INTO report_segment_cells (chain_id, scope_id, r, f, m, segment, customers, net_sales, receipts)
            SELECT chain_id, scope_id, rs, fs, ms, segment, count(*), sum(net), sum(receipts)
              FROM s GROUP BY chain_id, scope_id, rs, fs, ms, segment""".formatted(Rfm.LONG_RELATIONSHIP_DAYS,
            SegmentsReport.TOP);

    private SegmentSnapshots() {
    }

    /** Replaces the snapshot of one scope. */
    static void refresh(Connection c, long chainId, long scopeId) throws SQLException {
        clear(c, chainId, scopeId);
        try (PreparedStatement ps = c.prepareStatement(SCORED)) {
            ps.setLong(1, chainId);
            ps.setLong(2, scopeId);
            ps.executeUpdate();
        }
    }

    /** Removes every scope's snapshot of a chain (before a rebuild). */
    static void clearChain(Connection c, long chainId) throws SQLException {
        for (String table : new String[] { "report_segment_cells", "report_segment_top" }) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE chain_id = ?")) {
                ps.setLong(1, chainId);
                ps.executeUpdate();
            }
        }
    }

    private static void clear(Connection c, long chainId, long scopeId) throws SQLException {
        for (String table : new String[] { "report_segment_cells", "report_segment_top" }) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE chain_id = ? AND scope_id = ?")) {
                ps.setLong(1, chainId);
                ps.setLong(2, scopeId);
                ps.executeUpdate();
            }
        }
    }
}
