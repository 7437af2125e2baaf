package io.kopilka.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * As docs/reports.md#get-retention defines them: a customer is active on day t when they bought within the
 * activity window ending on t (t − window + 1 … t). CS = active on the day before the period, CE = active on its last day, CN = first
 * purchase ever (in the scope) within the period, lost = active at the start but not at the end.
 * CRR = (CE − CN) / CS × 100, churn = lost / CS × 100, repeat purchase rate = customers with ≥ 2 purchases
 * in the period / customers with ≥ 1 × 100.
 */
public final class RetentionMetrics {

    public record Counts(long customersAtStart, long customersAtEnd, long newCustomers, long lostCustomers,
            long buyers, long repeatBuyers, long purchases) {

        public double crr() {
            return Metrics.percent(customersAtEnd - newCustomers, customersAtStart);
        }

        public double churn() {
            return Metrics.percent(lostCustomers, customersAtStart);
        }

        public double repeatPurchaseRate() {
            return Metrics.percent(repeatBuyers, buyers);
        }
    }

    public record TrendPoint(LocalDate period, double crr, double churn, long activeCustomers) {
    }

    private final int windowDays;

    public RetentionMetrics(int windowDays) {
        this.windowDays = windowDays;
    }

    public Counts counts(Iterable<CustomerActivity> customers, LocalDate from, LocalDate to) {
        long start = from.toEpochDay() - 1;
        long end = to.toEpochDay();
        long cs = 0, ce = 0, cn = 0, lost = 0, buyers = 0, repeat = 0, purchases = 0;
        for (CustomerActivity c : customers) {
            boolean atStart = c.boughtBetween(start - windowDays + 1, start);
            boolean atEnd = c.boughtBetween(end - windowDays + 1, end);
            cs += atStart ? 1 : 0;
            ce += atEnd ? 1 : 0;
            lost += atStart && !atEnd ? 1 : 0;
            cn += c.firstDay() > start && c.firstDay() <= end ? 1 : 0;
            int inPeriod = c.purchasesBetween(start + 1, end);
            buyers += inPeriod > 0 ? 1 : 0;
            repeat += inPeriod > 1 ? 1 : 0;
            purchases += inPeriod;
        }
        return new Counts(cs, ce, cn, lost, buyers, repeat, purchases);
    }

    /** CRR, churn and active customers of each period of the granularity that overlaps from … to. */
    public List<TrendPoint> trend(List<CustomerActivity> customers, LocalDate from, LocalDate to, Granularity g) {
        List<TrendPoint> points = new ArrayList<>();
        for (LocalDate p = g.start(from); !p.isAfter(to); p = g.next(p)) {
            LocalDate pFrom = p.isBefore(from) ? from : p;
            LocalDate pTo = g.next(p).minusDays(1).isAfter(to) ? to : g.next(p).minusDays(1);
            Counts c = counts(customers, pFrom, pTo);
            points.add(new TrendPoint(p, c.crr(), c.churn(), c.customersAtEnd()));
        }
        return points;
    }

    /** Purchases per customer per year, from the purchases of the period's buyers. */
    static double purchasesPerYear(Counts c, long periodDays) {
        return c.buyers() == 0 ? 0.0 : Metrics.round((double) c.purchases() / c.buyers() * 365.0 / periodDays, 4);
    }

    /** CLTV = average receipt × purchases per year × average lifespan in years, in minor units. */
    static long cltv(long averageReceipt, double purchasesPerYear, double lifespanYears) {
        return Math.round(averageReceipt * purchasesPerYear * lifespanYears);
    }
}
