package io.kopilka.reports;

/** Every report as a flat table for CSV and XLSX: the same figures as the JSON, one row per JSON row. */
final class ReportTables {

    private ReportTables() {
    }

    static ReportTable sales(SalesReport.View v) {
        ReportTable t = ReportTable.of("sales", "period", "store_id", "store_name", "receipts", "loyalty_receipts",
                "loyalty_share", "sales", "average_receipt", "points_earned", "points_redeemed", "points_expired",
                "discount_given", "new_members", "referrals", "returns");
        for (SalesReport.Row r : v.rows()) {
            salesRow(t, r.period(), r.storeId(), r.storeName(), r.figures());
        }
        return salesRow(t, null, null, "total", v.totals());
    }

    private static ReportTable salesRow(ReportTable t, Object period, Object storeId, String store, SalesFigures f) {
        return t.row(period, storeId, store, f.receipts(), f.loyaltyReceipts(), f.loyaltyShare(), f.sales(),
                f.averageReceipt(), f.pointsEarned(), f.pointsRedeemed(), f.pointsExpired(), f.discountGiven(),
                f.newMembers(), f.referrals(), f.returns());
    }

    static ReportTable liability(LiabilityReport.View v) {
        ReportTable t = ReportTable.of("liability", "store_id", "store_name", "points_outstanding", "points_pending",
                "value");
        v.rows().forEach(r -> t.row(r.storeId(), r.storeName(), r.pointsOutstanding(), r.pointsPending(), r.value()));
        return t.row(null, "total", v.totals().pointsOutstanding(), v.totals().pointsPending(), v.totals().value());
    }

    static ReportTable retention(RetentionReport.View v) {
        ReportTable t = ReportTable.of("retention", "metric", "value");
        t.row("activity_window_days", v.activityWindowDays()).row("min_base", v.minBase())
                .row("customers_at_start", v.customersAtStart()).row("new_customers", v.newCustomers())
                .row("lost_customers", v.lostCustomers()).row("customers_at_end", v.customersAtEnd())
                .row("first_time_customers", v.firstTimeCustomers()).row("passing_customers", v.passingCustomers())
                .row("crr", v.crr()).row("churn", v.churn()).row("crr_note", v.crrNote())
                .row("repeat_purchase_rate", v.repeatPurchaseRate())
                .row("customers_with_purchases", v.customersWithPurchases()).row("cltv", v.cltv())
                .row("average_receipt", v.averageReceipt()).row("purchases_per_year", v.purchasesPerYear())
                .row("average_lifespan_years", v.averageLifespanYears())
                .row("historical_spend_per_customer", v.historicalSpendPerCustomer());
        v.trend().forEach(p -> t.row("customers_at_start " + p.period(), p.customersAtStart())
                .row("new_customers " + p.period(), p.newCustomers()).row("lost_customers " + p.period(), p.lostCustomers())
                .row("active_customers " + p.period(), p.activeCustomers()).row("crr " + p.period(), p.crr())
                .row("churn " + p.period(), p.churn()));
        return t;
    }

    static ReportTable segments(SegmentsReport.View v) {
        ReportTable t = ReportTable.of("segments", "row", "segment", "customers", "share", "sales", "average_receipt",
                "customer_id", "phone", "name", "r", "f", "m");
        v.segments().forEach(s -> t.row("segment", s.segment().name(), s.customers(), s.share(), s.sales(),
                s.averageReceipt(), null, null, null, null, null, null));
        v.topCustomers().forEach(c -> t.row("top_customer", c.segment().name(), null, null, c.sales(), null,
                c.customerId(), c.phone(), c.name(), c.r(), c.f(), c.m()));
        return t;
    }

    static ReportTable economics(EconomicsReport.View v) {
        return ReportTable.of("economics", "metric", "value").row("point_value_minor", v.pointValueMinor())
                .row("points_earned", v.pointsEarned()).row("points_redeemed", v.pointsRedeemed())
                .row("points_expired", v.pointsExpired()).row("redeemed_value", v.redeemedValue())
                .row("expired_value", v.expiredValue()).row("liability_points", v.liabilityPoints())
                .row("liability_value", v.liabilityValue()).row("programme_cost", v.programmeCost())
                .row("equivalent_discount_cost", v.equivalentDiscountCost()).row("difference", v.difference())
                .row("discount_given", v.discountGiven()).row("sales", v.sales())
                .row("cost_share_of_sales", v.costShareOfSales());
    }

    static ReportTable settlement(SettlementReport.View v) {
        // a net row reads like a gross one: its "earned at" side owes its "redeemed at" side
        ReportTable t = ReportTable.of("settlement", "row", "earned_at_franchisee_id", "earned_at_name",
                "redeemed_at_franchisee_id", "redeemed_at_name", "points", "value");
        v.rows().forEach(r -> t.row("gross", r.earnedAtFranchiseeId(), r.earnedAtName(), r.redeemedAtFranchiseeId(),
                r.redeemedAtName(), r.points(), r.value()));
        v.net().forEach(n -> t.row("net", n.debtorFranchiseeId(), n.debtorName(), n.creditorFranchiseeId(),
                n.creditorName(), n.points(), n.valueMinor()));
        return t;
    }
}
