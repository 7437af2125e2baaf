package io.kopilka.reports;

import io.kopilka.reports.ReportTable.Label;
import io.kopilka.reports.ReportTable.Money;
import io.kopilka.reports.ReportTable.Share;
import io.kopilka.reports.ReportTable.StoreRef;

/** Every report as a flat table for CSV and XLSX: the same figures as the JSON, one row per JSON row. */
final class ReportTables {

    private static final Label TOTAL = Label.of("total");

    private ReportTables() {
    }

    static ReportTable sales(SalesReport.View v) {
        ReportTable t = ReportTable.of("sales", "period", "store_id", "store_name", "receipts", "loyalty_receipts",
                "loyalty_share", "sales", "average_receipt", "points_earned", "points_redeemed", "points_expired",
                "discount_given", "new_members", "referrals", "returns");
        for (SalesReport.Row r : v.rows()) {
            salesRow(t, r.period(), new StoreRef(r.storeId()), r.storeName(), r.figures());
        }
        return salesRow(t, null, null, TOTAL, v.totals());
    }

    private static ReportTable salesRow(ReportTable t, Object period, Object store, Object name, SalesFigures f) {
        return t.row(period, store, name, f.receipts(), f.loyaltyReceipts(), new Share(f.loyaltyShare()),
                new Money(f.sales()), new Money(f.averageReceipt()), f.pointsEarned(), f.pointsRedeemed(),
                f.pointsExpired(), new Money(f.discountGiven()), f.newMembers(), f.referrals(), f.returns());
    }

    static ReportTable liability(LiabilityReport.View v) {
        ReportTable t = ReportTable.of("liability", "store_id", "store_name", "points_outstanding", "points_pending",
                "value");
        v.rows().forEach(r -> t.row(new StoreRef(r.storeId()), r.storeName(), r.pointsOutstanding(),
                r.pointsPending(), new Money(r.value())));
        return t.row(null, TOTAL, v.totals().pointsOutstanding(), v.totals().pointsPending(),
                new Money(v.totals().value()));
    }

    static ReportTable retention(RetentionReport.View v) {
        ReportTable t = ReportTable.of("retention", "metric", "value");
        t.metric("activity_window_days", v.activityWindowDays()).metric("min_base", v.minBase())
                .metric("customers_at_start", v.customersAtStart()).metric("new_customers", v.newCustomers())
                .metric("lost_customers", v.lostCustomers()).metric("customers_at_end", v.customersAtEnd())
                .metric("first_time_customers", v.firstTimeCustomers())
                .metric("passing_customers", v.passingCustomers())
                .metric("crr", v.crr()).metric("churn", v.churn()).metric("crr_note", v.crrNote() == null ? null : Label.of("note_" + v.crrNote(), v.crrNote()))
                .metric("repeat_purchase_rate", v.repeatPurchaseRate())
                .metric("customers_with_purchases", v.customersWithPurchases()).metric("cltv", new Money(v.cltv()))
                .metric("average_receipt", new Money(v.averageReceipt()))
                .metric("purchases_per_year", v.purchasesPerYear())
                .metric("average_lifespan_years", v.averageLifespanYears())
                .metric("historical_spend_per_customer", new Money(v.historicalSpendPerCustomer()));
        v.trend().forEach(p -> t.row(Label.inPeriod("customers_at_start", p.period()), p.customersAtStart())
                .row(Label.inPeriod("new_customers", p.period()), p.newCustomers())
                .row(Label.inPeriod("lost_customers", p.period()), p.lostCustomers())
                .row(Label.inPeriod("active_customers", p.period()), p.activeCustomers())
                .row(Label.inPeriod("crr", p.period()), p.crr())
                .row(Label.inPeriod("churn", p.period()), p.churn()));
        return t;
    }

    static ReportTable segments(SegmentsReport.View v) {
        ReportTable t = ReportTable.of("segments", "row", "segment", "customers", "share", "sales", "average_receipt",
                "customer_id", "phone", "name", "r", "f", "m");
        v.segments().forEach(s -> t.row(Label.of("segment"), segment(s.segment()), s.customers(),
                new Share(s.share()), new Money(s.sales()), new Money(s.averageReceipt()), null, null, null, null,
                null, null));
        v.topCustomers().forEach(c -> t.row(Label.of("top_customer"), segment(c.segment()), null, null,
                new Money(c.sales()), null, c.customerId(), c.phone(), c.name(), c.r(), c.f(), c.m()));
        return t;
    }

    private static Label segment(Rfm.Segment s) {
        return Label.of("segment_" + s.name(), s.name());
    }

    static ReportTable economics(EconomicsReport.View v) {
        return ReportTable.of("economics", "metric", "value").metric("point_value_minor", new Money(v.pointValueMinor()))
                .metric("points_earned", v.pointsEarned()).metric("points_redeemed", v.pointsRedeemed())
                .metric("points_expired", v.pointsExpired()).metric("redeemed_value", new Money(v.redeemedValue()))
                .metric("expired_value", new Money(v.expiredValue())).metric("liability_points", v.liabilityPoints())
                .metric("liability_value", new Money(v.liabilityValue()))
                .metric("programme_cost", new Money(v.programmeCost()))
                .metric("equivalent_discount_cost", new Money(v.equivalentDiscountCost()))
                .metric("difference", new Money(v.difference()))
                .metric("discount_given", new Money(v.discountGiven())).metric("sales", new Money(v.sales()))
                .metric("cost_share_of_sales", v.costShareOfSales());
    }

    static ReportTable settlement(SettlementReport.View v) {
        // a net row reads like a gross one: its "earned at" side owes its "redeemed at" side
        ReportTable t = ReportTable.of("settlement", "row", "earned_at_franchisee_id", "earned_at_name",
                "redeemed_at_franchisee_id", "redeemed_at_name", "points", "value");
        v.rows().forEach(r -> t.row(Label.of("gross"), r.earnedAtFranchiseeId(),
                owner(r.earnedAtFranchiseeId(), r.earnedAtName()), r.redeemedAtFranchiseeId(),
                owner(r.redeemedAtFranchiseeId(), r.redeemedAtName()), r.points(), new Money(r.value())));
        v.net().forEach(n -> t.row(Label.of("net"), n.debtorFranchiseeId(),
                owner(n.debtorFranchiseeId(), n.debtorName()), n.creditorFranchiseeId(),
                owner(n.creditorFranchiseeId(), n.creditorName()), n.points(), new Money(n.valueMinor())));
        return t;
    }

    /** Head office is a word of the export's language, a franchisee its own name. */
    private static Object owner(Long franchiseeId, String name) {
        return franchiseeId == null ? Label.of("head_office", name) : name;
    }
}
