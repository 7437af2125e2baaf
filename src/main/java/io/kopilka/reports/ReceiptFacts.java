package io.kopilka.reports;

/**
 * The SQL that turns raw receipts into report facts, shared by the refresher and by the one-store reports
 * that read receipts of a single store directly. A receipt's day is its local date in its store's time zone.
 */
final class ReceiptFacts {

    private ReceiptFacts() {
    }

    /**
     * What returns of receipt r gave back: ret.amount (money: each returned line's share of its amount after
     * discount), ret.reversed (earned points taken back) and ret.refunded (spent points given back).
     */
    /** The money return x (receipt_returns) gave back: each returned line's share of its amount after discount. */
    static final String RETURN_MONEY = """
            (SELECT sum(round(rl.qty * (l.amount_minor - l.discount_minor) / l.qty))
               FROM return_lines rl
               JOIN receipt_lines l ON l.chain_id = rl.chain_id AND l.receipt_id = rl.receipt_id
                                   AND l.line_index = rl.line_index
              WHERE rl.chain_id = x.chain_id AND rl.return_id = x.id)""";

    static final String RETURNED = """
            CROSS JOIN LATERAL (
                SELECT coalesce(sum(x.points_reversed), 0)::bigint AS reversed,
                       coalesce(sum(x.points_refunded), 0)::bigint AS refunded,
                       coalesce(sum(""" + RETURN_MONEY + """
            ), 0)::bigint AS amount
                  FROM receipt_returns x WHERE x.chain_id = r.chain_id AND x.receipt_id = r.id) ret""";

    static final String LOCAL_DAY = "(r.occurred_at AT TIME ZONE s.timezone)::date";

    /**
     * One row per customer over the confirmed receipts matching {@code where} (receipts r joined to stores s):
     * customer_id, first_day, last_day, receipts, sales (before returns), returns, purchase_days.
     */
    static String customerRows(String where) {
        return "SELECT r.customer_id, " + CUSTOMER_COLUMNS + " FROM receipts r " + STORE_AND_RETURNS
                + " WHERE r.status = 'confirmed' AND r.customer_id IS NOT NULL AND " + where + " GROUP BY r.customer_id";
    }

    /** The aggregates of one customer's confirmed receipts r (with stores s and returns ret joined). */
    static final String CUSTOMER_COLUMNS = """
            min(%1$s) AS first_day, max(%1$s) AS last_day, count(*)::int AS receipts,
            sum(r.total_minor - r.discount_minor)::bigint AS sales, sum(ret.amount)::bigint AS returns,
            array_agg(%1$s - date '1970-01-01' ORDER BY %1$s) AS purchase_days""".formatted(LOCAL_DAY);

    static final String STORE_AND_RETURNS = "JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id " + RETURNED;

    /** The per-customer rows of a scope: the rollup for the chain or a franchisee, the receipts for one store. */
    static String customersOf(ReportScope scope, java.util.List<Object> args) {
        Long customerScope = scope.customerScope();
        if (customerScope != null) {
            args.add(scope.chainId());
            args.add(customerScope);
            return """
                    SELECT customer_id, first_day, last_day, receipts, sales, returns, purchase_days
                      FROM report_customers WHERE chain_id = ? AND scope_id = ?""";
        }
        args.add(scope.chainId());
        args.add(scope.storeId());
        return customerRows("r.chain_id = ? AND r.store_id = ?");
    }
}
