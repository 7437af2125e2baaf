package io.kopilka.reports;

import java.sql.Array;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CRR, churn, repeat purchases and CLTV of a scope: for head office and a franchisee from the scope's grids and
 * totals (a few thousand rows whatever the number of customers, docs/adr/0037-retention-grids.md), for one store
 * from its customers' purchase days.
 */
@ApplicationScoped
public class RetentionReport {

    public record View(LocalDate from, LocalDate to, int activityWindowDays, int minBase, long customersAtStart,
            long customersAtEnd, long newCustomers, long lostCustomers, long firstTimeCustomers,
            long passingCustomers, Double crr, Double churn, String crrNote, double repeatPurchaseRate, long customersWithPurchases, long cltv, long averageReceipt,
            double purchasesPerYear, double averageLifespanYears, long historicalSpendPerCustomer,
            List<RetentionMetrics.TrendPoint> trend) {
    }

    @ConfigProperty(name = "kopilka.reports.activity-window-days", defaultValue = "90")
    int windowDays;

    /** Below this many customers at the start CRR and churn are withheld (null, "base-too-small"). */
    @ConfigProperty(name = "kopilka.reports.retention.min-base", defaultValue = "30")
    int minBase;

    @Inject
    ReportDatabase db;

    @Inject
    ActivityGrids grids;

    public View retention(ReportScope scope, ReportPeriod period) {
        RetentionMetrics metrics = new RetentionMetrics(windowDays, minBase);
        ActivityGrid grid = grids.of(scope, period.to());
        RetentionMetrics.CountSource source;
        long[] history;
        if (grid != null) {
            source = (f, t) -> RetentionMetrics.counts(grid, f, t);
            history = grids.totals(scope);
        } else { // one store, or grids not built yet: every customer of the scope, counted here
            List<CustomerActivity> customers = activeSince(scope, period.from().minusDays(windowDays));
            source = (f, t) -> metrics.counts(customers, f, t);
            List<Object> args = new ArrayList<>();
            String rows = ReceiptFacts.customersOf(scope, args);
            history = db.one("SELECT count(*), coalesce(sum(sales - returns), 0), "
                    + "coalesce(round(avg(last_day - first_day + 1)), 0) FROM (" + rows + ") c", args,
                    rs -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) });
        }
        RetentionMetrics.Counts c = source.counts(period.from(), period.to());
        double lifespanYears = Metrics.round(history[2] / 365.0, 4);

        List<Object> salesArgs = new ArrayList<>(List.of(scope.chainId(), period.from(), period.to()));
        salesArgs.addAll(scope.storeArgs());
        long averageReceipt = db.one("SELECT coalesce(sum(t.loyalty_sales), 0), coalesce(sum(t.loyalty_receipts), 0) "
                + "FROM report_store_days t WHERE t.chain_id = ? AND t.day BETWEEN ? AND ? AND "
                + scope.storeCondition("t.store_id"), salesArgs, rs -> Metrics.average(rs.getLong(1), rs.getLong(2)));
        double perYear = RetentionMetrics.purchasesPerYear(c, period.days());
        Granularity trendGranularity = period.granularity();
        return new View(period.from(), period.to(), windowDays, minBase, c.customersAtStart(), c.customersAtEnd(),
                c.newCustomers(), c.lostCustomers(), c.firstTimeCustomers(), c.passingCustomers(), c.crr(minBase),
                c.churn(minBase), c.rateNote(minBase), c.repeatPurchaseRate(), c.buyers(),
                RetentionMetrics.cltv(averageReceipt, perYear, lifespanYears), averageReceipt, perYear, lifespanYears,
                Metrics.average(history[1], history[0]),
                metrics.trend(source, period.from(), period.to(), trendGranularity));
    }

    /** The purchase days of every customer of the scope who bought on or after {@code since}. */
    private List<CustomerActivity> activeSince(ReportScope scope, LocalDate since) {
        List<Object> args = new ArrayList<>();
        String rows = ReceiptFacts.customersOf(scope, args);
        args.add(since);
        return db.list("SELECT c.purchase_days FROM (" + rows + ") c WHERE c.last_day >= ?", args, rs -> {
            Array a = rs.getArray(1);
            Integer[] boxed = (Integer[]) a.getArray();
            int[] days = new int[boxed.length];
            for (int i = 0; i < days.length; i++) {
                days[i] = boxed[i];
            }
            return new CustomerActivity(days);
        });
    }
}
