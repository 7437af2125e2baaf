package io.kopilka.reports;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rollups next to the same figures computed straight from the raw tables, written independently of
 * the refresher's SQL (plain joins and GROUP BY, no shared fragments), as sorted "key=values" lines.
 */
@ApplicationScoped
public class RollupChecks {

    @Inject
    DataSource dataSource;

    /** Returns by receipt, for the per-customer figures (a customer's spend after returns). */
    private static final String RETURNS_BY_RECEIPT = """
            SELECT x.chain_id, x.receipt_id, sum(x.points_reversed) AS reversed, sum(x.points_refunded) AS refunded,
                   coalesce(sum(m.money), 0) AS money
              FROM receipt_returns x
              LEFT JOIN (SELECT rl.chain_id, rl.return_id,
                                sum(round(rl.qty * (l.amount_minor - l.discount_minor) / l.qty)) AS money
                           FROM return_lines rl
                           JOIN receipt_lines l USING (chain_id, receipt_id, line_index)
                          GROUP BY 1, 2) m ON m.chain_id = x.chain_id AND m.return_id = x.id
             GROUP BY 1, 2""";

    public Map<String, String> storeDaysRollup(long chainId) {
        return map("""
                SELECT store_id || ' ' || day, concat_ws(',', receipts, loyalty_receipts, sales, loyalty_sales, returns,
                       discount, points_earned, points_redeemed, points_expired, new_members, referrals)
                  FROM report_store_days WHERE chain_id = ?""", chainId);
    }

    public Map<String, String> storeDaysRaw(long chainId) {
        Map<String, long[]> days = new TreeMap<>();
        // receipts on the day they occurred, at their store
        rows("SELECT r.store_id || ' ' || (r.occurred_at AT TIME ZONE s.timezone)::date, count(*), count(r.customer_id), "
                + "sum(r.total_minor - r.discount_minor), "
                + "coalesce(sum(r.total_minor - r.discount_minor) FILTER (WHERE r.customer_id IS NOT NULL), 0), "
                + "0, sum(r.discount_minor), sum(r.points_earned), sum(r.points_redeemed) "
                + "FROM receipts r JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id "
                + "WHERE r.chain_id = ? AND r.status = 'confirmed' GROUP BY 1", chainId, (key, v) -> {
                    long[] d = days.computeIfAbsent(key, k -> new long[11]);
                    System.arraycopy(v, 0, d, 0, 8);
                });
        // returns on the day they were taken, at the store that took them, whichever store sold the goods
        rows("SELECT x.store_id || ' ' || (x.created_at AT TIME ZONE s.timezone)::date, sum(coalesce(m.money, 0)), "
                + "coalesce(sum(coalesce(m.money, 0)) FILTER (WHERE r.customer_id IS NOT NULL), 0), "
                + "sum(x.points_reversed), sum(x.points_refunded) "
                + "FROM receipt_returns x JOIN stores s ON s.chain_id = x.chain_id AND s.id = x.store_id "
                + "JOIN receipts r ON r.chain_id = x.chain_id AND r.id = x.receipt_id "
                + "LEFT JOIN (SELECT rl.chain_id, rl.return_id, sum(round(rl.qty * (l.amount_minor - l.discount_minor) / l.qty)) AS money "
                + "FROM return_lines rl JOIN receipt_lines l USING (chain_id, receipt_id, line_index) GROUP BY 1, 2) m "
                + "ON m.chain_id = x.chain_id AND m.return_id = x.id "
                + "WHERE x.chain_id = ? GROUP BY 1", chainId, (key, v) -> {
                    long[] d = days.computeIfAbsent(key, k -> new long[11]);
                    d[2] -= v[0];
                    d[3] -= v[1];
                    d[4] += v[0];
                    d[6] -= v[2];
                    d[7] -= v[3];
                });
        rows("SELECT c.home_store_id || ' ' || (c.created_at AT TIME ZONE s.timezone)::date, count(*), count(c.referred_by) "
                + "FROM customers c JOIN stores s ON s.chain_id = c.chain_id AND s.id = c.home_store_id "
                + "WHERE c.chain_id = ? GROUP BY 1", chainId, (key, v) -> {
                    long[] d = days.computeIfAbsent(key, k -> new long[11]);
                    d[9] = v[0];
                    d[10] = v[1];
                });
        rows("SELECT e.store_id || ' ' || (e.created_at AT TIME ZONE s.timezone)::date, -sum(e.points) "
                + "FROM ledger_entries e JOIN stores s ON s.chain_id = e.chain_id AND s.id = e.store_id "
                + "WHERE e.chain_id = ? AND e.kind = 'expire' GROUP BY 1", chainId,
                (key, v) -> days.computeIfAbsent(key, k -> new long[11])[8] = v[0]);
        Map<String, String> out = new TreeMap<>();
        days.forEach((k, v) -> out.put(k, String.join(",", java.util.Arrays.stream(v).mapToObj(Long::toString).toList())));
        return out;
    }

    public Map<String, String> customersRollup(long chainId) {
        return map("""
                SELECT customer_id || ' ' || scope_id, concat_ws(',', first_day, last_day, receipts, sales, returns,
                       purchase_days::text)
                  FROM report_customers WHERE chain_id = ?""", chainId);
    }

    public Map<String, String> customersRaw(long chainId) {
        String facts = "SELECT r.customer_id, %s AS scope_id, (r.occurred_at AT TIME ZONE s.timezone)::date AS day, "
                + "r.total_minor - r.discount_minor AS sales, coalesce(x.money, 0) AS returns "
                + "FROM receipts r JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id "
                + "LEFT JOIN (" + RETURNS_BY_RECEIPT + ") x ON x.chain_id = r.chain_id AND x.receipt_id = r.id "
                + "WHERE r.chain_id = ? AND r.status = 'confirmed' AND r.customer_id IS NOT NULL %s";
        return map("SELECT customer_id || ' ' || scope_id, concat_ws(',', min(day), max(day), count(*), sum(sales), "
                + "sum(returns), array_agg(day - date '1970-01-01' ORDER BY day)::text) FROM ("
                + facts.formatted("0", "") + " UNION ALL "
                + facts.formatted("s.franchisee_id", "AND s.franchisee_id IS NOT NULL")
                + ") f GROUP BY customer_id, scope_id", chainId, chainId);
    }

    public Map<String, String> settlementRollup(long chainId) {
        return map("SELECT redeemed_store_id || ' ' || day || ' ' || earned_store_id, points::text "
                + "FROM report_settlement_days WHERE chain_id = ?", chainId);
    }

    public Map<String, String> settlementRaw(long chainId) {
        return map("""
                SELECT k, sum(points)::text FROM (
                    SELECT r.store_id || ' ' || (r.occurred_at AT TIME ZONE s.timezone)::date || ' ' || l.store_id AS k,
                           c.points
                      FROM ledger_entries e
                      JOIN receipts r ON r.chain_id = e.chain_id AND r.id = e.receipt_id
                      JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id
                      JOIN lot_consumptions c ON c.chain_id = e.chain_id AND c.entry_id = e.id
                      JOIN point_lots l ON l.chain_id = c.chain_id AND l.id = c.lot_id
                     WHERE e.chain_id = ? AND e.kind = 'redeem' AND r.status = 'confirmed' AND l.store_id IS NOT NULL
                    UNION ALL
                    -- points a return gave back, on the return's day at the store where they had been spent
                    SELECT r.store_id || ' ' || (e.created_at AT TIME ZONE s.timezone)::date || ' ' || l.store_id, -e.points
                      FROM ledger_entries e
                      JOIN receipts r ON r.chain_id = e.chain_id AND r.id = e.receipt_id
                      JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id
                      JOIN point_lots l ON l.chain_id = e.chain_id AND l.id = e.id
                     WHERE e.chain_id = ? AND e.kind = 'redeem_refund' AND e.return_id IS NOT NULL AND l.store_id IS NOT NULL
                ) t GROUP BY k HAVING sum(points) <> 0""", chainId, chainId);
    }

    public Map<String, String> liabilityRollup(long chainId) {
        return map("SELECT store_id::text, points_outstanding || ',' || points_pending FROM report_store_liability "
                + "WHERE chain_id = ?", chainId);
    }

    public Map<String, String> liabilityRaw(long chainId) {
        return map("""
                SELECT store_id::text,
                       sum(CASE WHEN available_at <= now() AND (expires_at IS NULL OR expires_at > now())
                                THEN points_remaining ELSE 0 END) || ','
                       || sum(CASE WHEN available_at > now() THEN points_remaining ELSE 0 END)
                  FROM point_lots WHERE chain_id = ? AND store_id IS NOT NULL AND points_remaining <> 0
                 GROUP BY store_id""", chainId);
    }

    private Map<String, String> map(String sql, Object... args) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private interface RowSink {
        void accept(String key, long[] values);
    }

    private void rows(String sql, long chainId, RowSink sink) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount() - 1;
                while (rs.next()) {
                    long[] v = new long[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = rs.getLong(i + 2);
                    }
                    sink.accept(rs.getString(1), v);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> diff(Map<String, String> expected, Map<String, String> actual) {
        List<String> d = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                d.add(k + ": raw " + v + " rollup " + actual.get(k));
            }
        });
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> d.add(k + ": only in rollup " + actual.get(k)));
        return d;
    }
}
