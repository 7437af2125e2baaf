package io.kopilka.reports;

/**
 * The uplift of one set of sends (the whole campaign, or one week of a standing trigger's): both groups, the
 * differences with their 95 % intervals, what they mean in customers and money, the cost and the verdict
 * (docs/reports.md, "Uplift"). Rates are fractions 0..1; money is in minor units.
 */
public record UpliftFigures(Group treated, Group control, Difference difference, Long incrementalCustomers,
        Long incrementalCustomersCiLow, Long incrementalCustomersCiHigh, Long incrementalRevenueMinor,
        Long incrementalRevenueMinorCiLow, Long incrementalRevenueMinorCiHigh, long smsParts, long pointsGiven,
        long costMinor, Double returnOnCost, boolean significant, Long moreCustomersNeeded, Long moreDaysNeeded) {

    public record Group(long customers, long returned, double returnRate, long receipts, long revenueMinorPerCustomer,
            double pointsRedeemedPerCustomer) {

        static Group of(UpliftTally t) {
            return new Group(t.customers(), t.returned(), round(t.returnRate(), 6), t.receipts(),
                    Math.round(t.revenue().mean()), t.customers() == 0 ? 0 : round((double) t.pointsRedeemed() / t.customers(), 2));
        }
    }

    public record RateRange(double estimate, double ciLow, double ciHigh) {
    }

    public record MoneyRange(long estimate, long ciLow, long ciHigh) {
    }

    /** Null ranges: a group too small to compare (empty, or fewer than two customers for revenue). */
    public record Difference(RateRange returnRate, MoneyRange revenueMinorPerCustomer) {
    }

    /**
     * @param sendDays the days over which these sends were spread (for "how many more days"); 0 for a one-off
     *        campaign, whose audience does not grow with time
     */
    static UpliftFigures of(UpliftTally treated, UpliftTally control, long smsPartPriceMinor, long pointValueMinor,
            long sendDays) {
        UpliftStatistics.Interval rate = UpliftStatistics.rateDifference(treated.returned(), treated.customers(),
                control.returned(), control.customers());
        UpliftStatistics.Interval revenue = UpliftStatistics.meanDifference(treated.revenue(), control.revenue());
        long cost = treated.smsParts() * smsPartPriceMinor + treated.campaignPoints() * pointValueMinor;
        UpliftStatistics.Interval customers = rate == null ? null : rate.times(treated.customers());
        UpliftStatistics.Interval money = revenue == null ? null : revenue.times(treated.customers());
        boolean significant = rate != null && rate.excludesZero();
        Long more = null;
        Long days = null;
        if (!significant && rate != null) {
            long all = treated.customers() + control.customers();
            Long needed = UpliftStatistics.customersNeeded(treated.returnRate(), control.returnRate(),
                    (double) control.customers() / all);
            if (needed != null) {
                more = Math.max(0, needed - all);
                if (sendDays > 0) {
                    days = (long) Math.ceil(more / ((double) all / sendDays));
                }
            }
        }
        return new UpliftFigures(Group.of(treated), Group.of(control),
                new Difference(rate == null ? null : new RateRange(round(rate.estimate(), 6), round(rate.ciLow(), 6),
                        round(rate.ciHigh(), 6)),
                        revenue == null ? null : new MoneyRange(Math.round(revenue.estimate()), Math.round(revenue.ciLow()),
                                Math.round(revenue.ciHigh()))),
                customers == null ? null : Math.round(customers.estimate()),
                customers == null ? null : Math.round(customers.ciLow()),
                customers == null ? null : Math.round(customers.ciHigh()),
                money == null ? null : Math.round(money.estimate()), money == null ? null : Math.round(money.ciLow()),
                money == null ? null : Math.round(money.ciHigh()), treated.smsParts(), treated.campaignPoints(), cost,
                money == null || cost == 0 ? null : round(money.estimate() / cost, 2), significant, more, days);
    }

    static double round(double x, int decimals) {
        double k = Math.pow(10, decimals);
        return Math.round(x * k) / k;
    }
}
