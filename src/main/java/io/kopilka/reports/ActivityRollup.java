package io.kopilka.reports;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the retention grids, the scope totals and the segment snapshots (V22, docs/adr/0037-retention-grids.md)
 * in step with report_customers, inside the refresher's transaction: the recomputed customers' old rows are
 * subtracted ({@link #before}) and their new rows added ({@link #after}); a chain without grids, with grids of
 * another window, or with a purchase before the grids' first day is rebuilt from all of its rows.
 */
@ApplicationScoped
public class ActivityRollup {

    /** What the replaced rows took away, per scope; {@code rebuild} when the grids are built from scratch. */
    static final class Change {
        final boolean rebuild;
        final int baseDay;
        final Map<Long, ActivityGrid> grids = new HashMap<>();
        final Map<Long, long[]> totals = new HashMap<>();

        Change(boolean rebuild, int baseDay) {
            this.rebuild = rebuild;
            this.baseDay = baseDay;
        }

        void add(long scope, int firstDay, int lastDay, long net, int[] days, int windowDays, int sign) {
            ActivityCorners.of(days, windowDays, sign, grids.computeIfAbsent(scope, s -> new ActivityGrid(baseDay)));
            long[] t = totals.computeIfAbsent(scope, s -> new long[3]);
            t[0] += sign;
            t[1] += sign * net;
            t[2] += sign * (long) (lastDay - firstDay + 1);
        }

        boolean belowBase() {
            return grids.values().stream().anyMatch(ActivityGrid::belowBase);
        }
    }

    private static final String ROWS = "SELECT t.scope_id, t.first_day - date '1970-01-01', t.last_day - date '1970-01-01', "
            + "t.sales - t.returns, t.purchase_days FROM report_customers t ";
    private static final String TOUCHED = ROWS + "JOIN report_touched x ON x.customer_id = t.customer_id WHERE t.chain_id = ?";
    private static final String ALL = ROWS + "WHERE t.chain_id = ?";

    @ConfigProperty(name = "kopilka.reports.activity-window-days", defaultValue = "90")
    int windowDays;

    /** Before report_customers of the customers in report_touched are replaced. */
    Change before(Connection c, long chainId) throws SQLException {
        Integer base = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT base_day FROM report_activity_grids WHERE chain_id = ? AND window_days = ?")) {
            ps.setLong(1, chainId);
            ps.setInt(2, windowDays);
            try (ResultSet rs = ps.executeQuery()) {
                base = rs.next() ? rs.getInt(1) : null;
            }
        }
        if (base == null) {
            return new Change(true, 0);
        }
        Change change = new Change(false, base);
        read(c, TOUCHED, chainId, change, -1);
        return change;
    }

    /** After they were replaced: adds their new rows (or every row, for a rebuild) and writes the changes. */
    void after(Connection c, long chainId, Change before) throws SQLException {
        Change change = before;
        if (!change.rebuild) {
            read(c, TOUCHED, chainId, change, 1);
        }
        if (change.rebuild || change.belowBase()) {
            change = new Change(true, firstDay(c, chainId));
            read(c, ALL, chainId, change, 1);
            for (String table : new String[] { "report_activity_cells", "report_customer_totals" }) {
                update(c, "DELETE FROM " + table + " WHERE chain_id = ?", chainId);
            }
            SegmentSnapshots.clearChain(c, chainId);
            update(c, """
                    INSERT INTO report_activity_grids (chain_id, window_days, base_day) VALUES (?, ?, ?)
                    ON CONFLICT (chain_id) DO UPDATE SET window_days = excluded.window_days, base_day = excluded.base_day""",
                    chainId, windowDays, change.baseDay);
        }
        for (Map.Entry<Long, ActivityGrid> e : change.grids.entrySet()) {
            writeCells(c, chainId, e.getKey(), e.getValue(), change.rebuild);
        }
        for (Map.Entry<Long, long[]> e : change.totals.entrySet()) {
            long[] t = e.getValue();
            update(c, """
                    INSERT INTO report_customer_totals (chain_id, scope_id, customers, net_sales, lifespan_days)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (chain_id, scope_id) DO UPDATE
                    SET customers = report_customer_totals.customers + excluded.customers,
                        net_sales = report_customer_totals.net_sales + excluded.net_sales,
                        lifespan_days = report_customer_totals.lifespan_days + excluded.lifespan_days""",
                    chainId, e.getKey(), t[0], t[1], t[2]);
        }
        for (long scope : new TreeSet<>(change.grids.keySet())) {
            SegmentSnapshots.refresh(c, chainId, scope);
        }
    }

    private void read(Connection c, String sql, long chainId, Change change, int sign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(10_000);
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    change.add(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), days(rs.getArray(5)), windowDays,
                            sign);
                }
            }
        }
    }

    private static int[] days(Array a) throws SQLException {
        Integer[] boxed = (Integer[]) a.getArray();
        int[] days = new int[boxed.length];
        for (int i = 0; i < days.length; i++) {
            days[i] = boxed[i];
        }
        return days;
    }

    private static int firstDay(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT min(first_day) - date '1970-01-01' FROM report_customers WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int day = rs.getInt(1);
                return rs.wasNull() ? (int) java.time.LocalDate.now().toEpochDay() : day;
            }
        }
    }

    /** Adds a scope's change to its stored rows (a rebuild writes them as they are). */
    private static void writeCells(Connection c, long chainId, long scope, ActivityGrid grid, boolean fresh)
            throws SQLException {
        for (Map.Entry<ActivityCorners.Kind, TreeMap<Integer, int[]>> k : grid.rows().entrySet()) {
            short kind = (short) k.getKey().ordinal();
            Map<Integer, int[]> rows = new TreeMap<>(k.getValue());
            if (!fresh) {
                try (PreparedStatement ps = c.prepareStatement("SELECT day, weights FROM report_activity_cells "
                        + "WHERE chain_id = ? AND scope_id = ? AND kind = ? AND day = ANY(?)")) {
                    ps.setLong(1, chainId);
                    ps.setLong(2, scope);
                    ps.setShort(3, kind);
                    ps.setArray(4, c.createArrayOf("int4", rows.keySet().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.merge(rs.getInt(1), ActivityGrid.decode(rs.getBytes(2)), ActivityGrid::plus);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO report_activity_cells (chain_id, scope_id, kind, day, weights) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (chain_id, scope_id, kind, day) DO UPDATE SET weights = excluded.weights""")) {
                List<Integer> batch = new ArrayList<>();
                for (Map.Entry<Integer, int[]> row : rows.entrySet()) {
                    ps.setLong(1, chainId);
                    ps.setLong(2, scope);
                    ps.setShort(3, kind);
                    ps.setInt(4, row.getKey());
                    ps.setBytes(5, ActivityGrid.encode(row.getValue()));
                    ps.addBatch();
                    batch.add(row.getKey());
                    if (batch.size() == 500) {
                        ps.executeBatch();
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    ps.executeBatch();
                }
            }
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ReportDatabase.bind(ps, List.of(args));
            ps.executeUpdate();
        }
    }
}
