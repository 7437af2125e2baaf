package io.kopilka.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** Receipts, sales and points per store and period, from report_store_days. */
@ApplicationScoped
public class SalesReport {

    public record Row(LocalDate period, long storeId, String storeName, @JsonUnwrapped SalesFigures figures) {
    }

    public record View(LocalDate from, LocalDate to, Granularity granularity, List<Row> rows,
            SalesFigures totals) {
    }

    @Inject
    ReportDatabase db;

    public View sales(ReportScope scope, ReportPeriod period) {
        String sql = "SELECT date_trunc('" + period.granularity().name() + "', t.day)::date, t.store_id, s.name, "
                + SalesFigures.SUMS + """
                  FROM report_store_days t JOIN stores s ON s.chain_id = t.chain_id AND s.id = t.store_id
                 WHERE t.chain_id = ? AND t.day BETWEEN ? AND ? AND """ + " " + scope.storeCondition("t.store_id")
                + " GROUP BY 1, 2, 3 ORDER BY 1, 3, 2";
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), period.from(), period.to()));
        args.addAll(scope.storeArgs());
        List<Row> rows = db.list(sql, args, rs -> new Row(rs.getObject(1, LocalDate.class), rs.getLong(2),
                rs.getString(3), SalesFigures.read(rs, 4)));
        SalesFigures totals = rows.stream().map(Row::figures).reduce(SalesFigures.zero(), SalesFigures::plus);
        return new View(period.from(), period.to(), period.granularity(), rows, totals);
    }

    /** The totals of the scope over the period (one row, no grouping). */
    SalesFigures totals(ReportScope scope, ReportPeriod period) {
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), period.from(), period.to()));
        args.addAll(scope.storeArgs());
        return db.one("SELECT " + SalesFigures.SUMS + " FROM report_store_days t WHERE t.chain_id = ? AND t.day BETWEEN ? AND ? AND "
                + scope.storeCondition("t.store_id"), args, rs -> SalesFigures.read(rs, 1));
    }
}
