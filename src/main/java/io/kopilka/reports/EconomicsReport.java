package io.kopilka.reports;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bonus versus discount: what the points earned in the period cost the chain against what the same earn
 * rates would have cost as instant discounts. Every earned point is a discount of point_value if given at
 * once; as a bonus it costs the same only when it is spent, and nothing when it expires.
 */
@ApplicationScoped
public class EconomicsReport {

    public record View(LocalDate from, LocalDate to, long pointValueMinor, long pointsEarned, long pointsRedeemed,
            long pointsExpired, long redeemedValue, long expiredValue, long liabilityPoints, long liabilityValue,
            long programmeCost, long equivalentDiscountCost, long difference, long discountGiven, long sales,
            double costShareOfSales) {
    }

    @Inject
    SalesReport sales;

    @Inject
    LiabilityReport liability;

    public View economics(ReportScope scope, ReportPeriod period) {
        SalesFigures f = sales.totals(scope, period);
        LiabilityReport.View l = liability.liability(scope);
        return compute(period.from(), period.to(), l.pointValueMinor(), f,
                l.totals().pointsOutstanding() + l.totals().pointsPending());
    }

    static View compute(LocalDate from, LocalDate to, long pointValue, SalesFigures f, long liabilityPoints) {
        long programmeCost = (f.pointsEarned() - f.pointsExpired()) * pointValue;
        long equivalent = f.pointsEarned() * pointValue;
        return new View(from, to, pointValue, f.pointsEarned(), f.pointsRedeemed(), f.pointsExpired(),
                f.pointsRedeemed() * pointValue, f.pointsExpired() * pointValue, liabilityPoints,
                liabilityPoints * pointValue, programmeCost, equivalent, equivalent - programmeCost, f.discountGiven(),
                f.sales(), f.sales() == 0 ? 0.0 : Metrics.round(100.0 * programmeCost / f.sales(), 2));
    }
}
