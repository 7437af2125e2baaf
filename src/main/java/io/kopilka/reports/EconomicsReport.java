package io.kopilka.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bonus versus discount for the receipts of a period (docs/reports.md, "Economics: bonus versus discount"): each
 * point those receipts earned (net of returns) is followed on its lot to what became of it — redeemed, still
 * outstanding, or expired. As an instant discount at the same rate every one of them would have cost its point
 * value at the till; as a bonus the redeemed and outstanding ones cost it, the expired ones nothing.
 */
@ApplicationScoped
public class EconomicsReport {

    public record View(LocalDate from, LocalDate to, long pointValueMinor, long pointsEarned, long pointsRedeemed,
            long pointsExpired, long redeemedValue, long expiredValue, long liabilityPoints, long liabilityValue,
            long programmeCost, long equivalentDiscountCost, long difference, long discountGiven, long sales,
            double costShareOfSales) {
    }

    /** What became of the points the period's receipts earned, as of now. */
    record PointFates(long earned, long redeemed, long expired, long outstanding) {
    }

    /*
     * The earn lots of the period's confirmed receipts (a receipt's day is its local date at its store; the UTC
     * bounds a day wider let the store-day index find them), and what consumed each lot, by the consuming entry's
     * kind. A hold's consumptions are not counted: a confirmed hold is copied to its redeem entry.
     */
    private static final String FATES = """
            SELECT coalesce(sum(l.points_initial - k.reversed), 0), coalesce(sum(k.redeemed), 0),
                   coalesce(sum(k.expired), 0), coalesce(sum(greatest(l.points_remaining, 0)), 0)
              FROM receipts r
              JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id
              JOIN ledger_entries e ON e.chain_id = r.chain_id AND e.receipt_id = r.id AND e.kind = 'earn'
                                   AND e.return_id IS NULL
              JOIN point_lots l ON l.chain_id = e.chain_id AND l.id = e.id
             CROSS JOIN LATERAL (
                SELECT coalesce(sum(c.points) FILTER (WHERE x.kind = 'redeem'), 0) AS redeemed,
                       coalesce(sum(c.points) FILTER (WHERE x.kind = 'expire'), 0) AS expired,
                       coalesce(sum(c.points) FILTER (WHERE x.kind = 'earn_reversal'), 0) AS reversed
                  FROM lot_consumptions c
                  JOIN ledger_entries x ON x.chain_id = c.chain_id AND x.id = c.entry_id
                 WHERE c.chain_id = l.chain_id AND c.lot_id = l.id) k
             WHERE r.chain_id = ? AND r.status = 'confirmed'
               AND r.occurred_at >= ?::date - 1 AND r.occurred_at < ?::date + 2
               AND (r.occurred_at AT TIME ZONE s.timezone)::date BETWEEN ? AND ? AND """;

    @Inject
    SalesReport sales;

    @Inject
    LiabilityReport liability;

    @Inject
    ReportDatabase db;

    public View economics(ReportScope scope, ReportPeriod period) {
        SalesFigures f = sales.totals(scope, period);
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), period.from(), period.to(), period.from(),
                period.to()));
        args.addAll(scope.storeArgs());
        PointFates fates = db.one(FATES + " " + scope.storeCondition("r.store_id"), args,
                rs -> new PointFates(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
        return compute(period.from(), period.to(), liability.pointValue(scope.chainId()), f, fates);
    }

    static View compute(LocalDate from, LocalDate to, long pointValue, SalesFigures f, PointFates p) {
        long equivalent = p.earned() * pointValue;
        long programmeCost = (p.redeemed() + p.outstanding()) * pointValue;
        return new View(from, to, pointValue, p.earned(), p.redeemed(), p.expired(), p.redeemed() * pointValue,
                p.expired() * pointValue, p.outstanding(), p.outstanding() * pointValue, programmeCost, equivalent,
                equivalent - programmeCost, f.discountGiven(), f.sales(),
                f.sales() == 0 ? 0.0 : Metrics.round(100.0 * programmeCost / f.sales(), 2));
    }
}
