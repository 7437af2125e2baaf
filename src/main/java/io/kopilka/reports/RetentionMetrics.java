package io.kopilka.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * As docs/reports.md#get-retention defines them: a customer is active on day t when they bought within the
 * activity window ending on t (t − window + 1 … t). The base at the start S = active on the day before the
 * period, at the end E = active on its last day; new N = active at the end but not at the start (first-time
 * buyers and customers back after a pause), lost L = active at the start but not at the end. So S + N − L = E
 * exactly, CRR = (E − N) / S = the share of the starting base still active at the end, and CRR + churn = 100 %.
 * Both rates are undefined (null) when S is below the minimum base, where one customer more or less would swing
 * them by whole percents. Repeat purchase rate = customers with ≥ 2 purchases in the period / with ≥ 1 × 100.
 */
public final class RetentionMetrics {

    /** Why CRR and churn are null: fewer customers at the start than the minimum base. */
    public static final String BASE_TOO_SMALL = "base-too-small";

    public record Counts(long customersAtStart, long customersAtEnd, long newCustomers, long lostCustomers,
            long firstTimeCustomers, long passingCustomers, long buyers, long repeatBuyers, long purchases) {

        /** CRR in percent, or null when the starting base is below {@code minBase}. */
        public Double crr(int minBase) {
            return rated(minBase) ? Metrics.percent(customersAtEnd - newCustomers, customersAtStart) : null;
        }

        /** Churn in percent, or null when the starting base is below {@code minBase}. */
        public Double churn(int minBase) {
            return rated(minBase) ? Metrics.percent(lostCustomers, customersAtStart) : null;
        }

        /** {@link #BASE_TOO_SMALL} when the rates are withheld, else null. */
        public String rateNote(int minBase) {
            return rated(minBase) ? null : BASE_TOO_SMALL;
        }

        private boolean rated(int minBase) {
            return customersAtStart > 0 && customersAtStart >= minBase;
        }

        public double repeatPurchaseRate() {
            return Metrics.percent(repeatBuyers, buyers);
        }
    }

    /**
     * One period of the chart, counted like the headline: the periods chain (each one's end is the next one's
     * start), so the first start is the headline's S, the last end its E, and the N − L of the periods add up
     * to the headline's N − L.
     */
    public record TrendPoint(LocalDate period, long customersAtStart, long newCustomers, long lostCustomers,
            long activeCustomers, Double crr, Double churn, String rateNote) {
    }

    private final int windowDays;
    private final int minBase;

    public RetentionMetrics(int windowDays, int minBase) {
        this.windowDays = windowDays;
        this.minBase = minBase;
    }

    public int minBase() {
        return minBase;
    }

    public Counts counts(Iterable<CustomerActivity> customers, LocalDate from, LocalDate to) {
        long start = from.toEpochDay() - 1;
        long end = to.toEpochDay();
        long cs = 0, ce = 0, cn = 0, lost = 0, firstTime = 0, passing = 0, buyers = 0, repeat = 0, purchases = 0;
        for (CustomerActivity c : customers) {
            boolean atStart = c.boughtBetween(start - windowDays + 1, start);
            boolean atEnd = c.boughtBetween(end - windowDays + 1, end);
            int inPeriod = c.purchasesBetween(start + 1, end);
            cs += atStart ? 1 : 0;
            ce += atEnd ? 1 : 0;
            lost += atStart && !atEnd ? 1 : 0;
            cn += atEnd && !atStart ? 1 : 0;
            firstTime += atEnd && !atStart && c.firstDay() > start ? 1 : 0;
            passing += inPeriod > 0 && !atStart && !atEnd ? 1 : 0;
            buyers += inPeriod > 0 ? 1 : 0;
            repeat += inPeriod > 1 ? 1 : 0;
            purchases += inPeriod;
        }
        return new Counts(cs, ce, cn, lost, firstTime, passing, buyers, repeat, purchases);
    }

    /** The counts of a period, from wherever a report takes them. */
    @FunctionalInterface
    public interface CountSource {
        Counts counts(LocalDate from, LocalDate to);
    }

    /**
     * The same counts from a scope's grids (docs/adr/0037-retention-grids.md): with s the day before the period
     * and e its last day, S and E are the active on s and on e, both those active on both days, so N = E − both
     * and L = S − both.
     */
    static Counts counts(ActivityGrid grid, LocalDate from, LocalDate to) {
        int s = (int) from.toEpochDay() - 1;
        int e = (int) to.toEpochDay();
        long start = grid.count(ActivityCorners.Kind.BOTH, s, s);
        long end = grid.count(ActivityCorners.Kind.BOTH, e, e);
        long both = grid.count(ActivityCorners.Kind.BOTH, s, e);
        return new Counts(start, end, end - both, start - both, grid.count(ActivityCorners.Kind.FIRST_TIME, s, e),
                grid.count(ActivityCorners.Kind.PASSING, s, e), grid.count(ActivityCorners.Kind.BUYERS, s, e),
                grid.count(ActivityCorners.Kind.REPEAT, s, e), grid.count(ActivityCorners.Kind.PURCHASES, s, e));
    }

    /** The counts and rates of each period of the granularity that overlaps from … to (cut to from … to). */
    public List<TrendPoint> trend(List<CustomerActivity> customers, LocalDate from, LocalDate to, Granularity g) {
        return trend((f, t) -> counts(customers, f, t), from, to, g);
    }

    public List<TrendPoint> trend(CountSource source, LocalDate from, LocalDate to, Granularity g) {
        List<TrendPoint> points = new ArrayList<>();
        for (LocalDate p = g.start(from); !p.isAfter(to); p = g.next(p)) {
            LocalDate pFrom = p.isBefore(from) ? from : p;
            LocalDate pTo = g.next(p).minusDays(1).isAfter(to) ? to : g.next(p).minusDays(1);
            Counts c = source.counts(pFrom, pTo);
            points.add(new TrendPoint(p, c.customersAtStart(), c.newCustomers(), c.lostCustomers(),
                    c.customersAtEnd(), c.crr(minBase), c.churn(minBase), c.rateNote(minBase)));
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
