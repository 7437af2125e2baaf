package io.kopilka.reports;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The sums of a set of store days, with the ratios derived from them. Money in minor units. */
public record SalesFigures(long receipts, long loyaltyReceipts, double loyaltyShare, long sales, long averageReceipt,
        long pointsEarned, long pointsRedeemed, long pointsExpired, long discountGiven, long newMembers,
        long referrals, long returns) {

    /** The SQL sums read by {@link #read}, over report_store_days aliased t. */
    static final String SUMS = """
            sum(t.receipts), sum(t.loyalty_receipts), sum(t.sales), sum(t.points_earned), sum(t.points_redeemed),
            sum(t.points_expired), sum(t.discount), sum(t.new_members), sum(t.referrals), sum(t.returns)""";

    static SalesFigures of(long receipts, long loyaltyReceipts, long sales, long earned, long redeemed, long expired,
            long discount, long newMembers, long referrals, long returns) {
        return new SalesFigures(receipts, loyaltyReceipts, Metrics.ratio(loyaltyReceipts, receipts), sales,
                Metrics.average(sales, receipts), earned, redeemed, expired, discount, newMembers, referrals, returns);
    }

    static SalesFigures read(ResultSet rs, int first) throws SQLException {
        int i = first;
        return of(rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++),
                rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i));
    }

    SalesFigures plus(SalesFigures o) {
        return of(receipts + o.receipts, loyaltyReceipts + o.loyaltyReceipts, sales + o.sales,
                pointsEarned + o.pointsEarned, pointsRedeemed + o.pointsRedeemed, pointsExpired + o.pointsExpired,
                discountGiven + o.discountGiven, newMembers + o.newMembers, referrals + o.referrals,
                returns + o.returns);
    }

    static SalesFigures zero() {
        return of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
