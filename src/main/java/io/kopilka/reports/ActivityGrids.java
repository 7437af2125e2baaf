package io.kopilka.reports;

import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads a scope's retention grids and totals (V22), as the last refresh left them. */
@ApplicationScoped
public class ActivityGrids {

    @ConfigProperty(name = "kopilka.reports.activity-window-days", defaultValue = "90")
    int windowDays;

    @Inject
    ReportDatabase db;

    /**
     * The grids of a chain's or a franchisee's customers up to day {@code to}; null for one store, and while the
     * chain has no grids of this window (before the first refresh after an upgrade or a change of the window).
     */
    ActivityGrid of(ReportScope scope, LocalDate to) {
        Long scopeId = scope.customerScope();
        if (scopeId == null) {
            return null;
        }
        ActivityGrid[] grid = new ActivityGrid[1];
        db.list("""
                SELECT g.base_day, c.kind, c.day, c.weights
                  FROM report_activity_grids g
                  LEFT JOIN report_activity_cells c ON c.chain_id = g.chain_id AND c.scope_id = ? AND c.day <= ?
                 WHERE g.chain_id = ? AND g.window_days = ?""",
                List.of(scopeId, (int) to.toEpochDay(), scope.chainId(), windowDays), rs -> {
                    if (grid[0] == null) {
                        grid[0] = new ActivityGrid(rs.getInt(1));
                    }
                    byte[] weights = rs.getBytes(4);
                    if (weights != null) {
                        grid[0].put(ActivityCorners.Kind.values()[rs.getShort(2)], rs.getInt(3), ActivityGrid.decode(weights));
                    }
                    return null;
                });
        return grid[0];
    }

    /** Whether the refresher has built the chain's grids and segment snapshots for this window. */
    boolean built(long chainId) {
        return db.one("SELECT 1 FROM report_activity_grids WHERE chain_id = ? AND window_days = ?",
                List.of(chainId, windowDays), rs -> true) != null;
    }

    /** customers, their spend after returns, their average lifespan in days (rounded) — of a chain or a franchisee. */
    long[] totals(ReportScope scope) {
        long[] t = db.one("SELECT customers, net_sales, lifespan_days FROM report_customer_totals "
                + "WHERE chain_id = ? AND scope_id = ?", List.of(scope.chainId(), scope.customerScope()),
                rs -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) });
        if (t == null || t[0] == 0) {
            return new long[3];
        }
        // round(avg(days)) as PostgreSQL rounds a positive numeric: half away from zero
        return new long[] { t[0], t[1], (2 * t[2] + t[0]) / (2 * t[0]) };
    }
}
