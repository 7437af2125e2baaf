package io.kopilka.reports;

import java.time.LocalDate;

import io.kopilka.reports.ReportTable.Label;
import io.kopilka.reports.ReportTable.Money;
import io.kopilka.reports.ReportTable.Share;

/**
 * The uplift report for CSV and XLSX: metric, value and the 95 % interval where the value has one; the whole
 * campaign first, then each week of a standing trigger's sends (the metric names carry the week's Monday). The
 * day-by-day curve is in the JSON and the console only.
 */
final class UpliftTable {

    private UpliftTable() {
    }

    static ReportTable of(UpliftReport.View v) {
        ReportTable t = ReportTable.of("uplift", "metric", "value", "ci_low", "ci_high");
        figures(t, v.figures(), null);
        v.weeks().forEach(w -> figures(t, w.figures(), w.week()));
        return t;
    }

    private static void figures(ReportTable t, UpliftFigures f, LocalDate week) {
        group(t, "treated", f.treated(), week);
        group(t, "control", f.control(), week);
        UpliftFigures.RateRange rate = f.difference().returnRate();
        row(t, "difference_return_rate", week, rate == null ? null : new Share(rate.estimate()),
                rate == null ? null : new Share(rate.ciLow()), rate == null ? null : new Share(rate.ciHigh()));
        UpliftFigures.MoneyRange revenue = f.difference().revenueMinorPerCustomer();
        row(t, "difference_revenue_per_customer", week, money(revenue == null ? null : revenue.estimate()),
                money(revenue == null ? null : revenue.ciLow()), money(revenue == null ? null : revenue.ciHigh()));
        row(t, "incremental_customers", week, f.incrementalCustomers(), f.incrementalCustomersCiLow(),
                f.incrementalCustomersCiHigh());
        row(t, "incremental_revenue", week, money(f.incrementalRevenueMinor()), money(f.incrementalRevenueMinorCiLow()),
                money(f.incrementalRevenueMinorCiHigh()));
        row(t, "sms_parts", week, f.smsParts(), null, null);
        row(t, "points_given", week, f.pointsGiven(), null, null);
        row(t, "cost", week, new Money(f.costMinor()), null, null);
        row(t, "return_on_cost", week, f.returnOnCost(), null, null);
        row(t, "significant", week, f.significant() ? Label.of("yes", "true") : Label.of("no", "false"), null, null);
        row(t, "more_customers_needed", week, f.moreCustomersNeeded(), null, null);
        row(t, "more_days_needed", week, f.moreDaysNeeded(), null, null);
    }

    private static void group(ReportTable t, String name, UpliftFigures.Group g, LocalDate week) {
        row(t, name + "_customers", week, g.customers(), null, null);
        row(t, name + "_returned", week, g.returned(), null, null);
        row(t, name + "_return_rate", week, new Share(g.returnRate()), null, null);
        row(t, name + "_receipts", week, g.receipts(), null, null);
        row(t, name + "_revenue_per_customer", week, new Money(g.revenueMinorPerCustomer()), null, null);
        row(t, name + "_points_redeemed_per_customer", week, g.pointsRedeemedPerCustomer(), null, null);
    }

    private static void row(ReportTable t, String key, LocalDate week, Object value, Object low, Object high) {
        t.row(week == null ? Label.of(key) : Label.inPeriod(key, week), value, low, high);
    }

    private static Money money(Long minor) {
        return minor == null ? null : new Money(minor);
    }
}
