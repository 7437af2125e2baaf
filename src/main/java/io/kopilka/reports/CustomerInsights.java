package io.kopilka.reports;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.customers.TierSpend;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.Transactions;
import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.rules.Programme;

/**
 * What the customer page shows beside the balance (docs/reports.md, "Customers"): spend and receipts of the last
 * 12 months in the reader's stores, the way to the next tier, the RFM segment, the birthday, the consent history
 * and the lines of a receipt. A franchisee reads only customers of its stores, their receipts in its stores and
 * the birthday without the year.
 */
@ApplicationScoped
public class CustomerInsights {

    /** Spend and receipts are the reader's stores'; the tier step is the chain's (tiers count every store, 365 days). */
    public record Summary(long customerId, String birthday, long spend12mMinor, long receipts12m, String segment,
            TierStep tier) {
    }

    /** The current tier and the next one: {@code toNextMinor} is what is left to spend (null at the top tier). */
    public record TierStep(String code, String name, long spendMinor, String nextCode, String nextName,
            Long nextMinSpendMinor, Long toNextMinor) {
    }

    /** One change of SMS consent: where it was given (store and terminal) or how (a STOP reply, a link). */
    public record ConsentEvent(OffsetDateTime at, boolean consent, String source, String store, String terminal,
            Long campaignId) {
    }

    public record ReceiptLine(int lineIndex, String sku, String name, String category, BigDecimal qty, long amountMinor,
            long discountMinor, long paidByPointsMinor, long finalAmountMinor, long pointsEarned) {
    }

    static final int YEAR_DAYS = 365;

    private static final String SPEND = """
            SELECT count(*), coalesce(sum(r.total_minor - r.discount_minor), 0)
                 - coalesce(sum((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                                   FROM return_lines x
                                   JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                                        AND rl.line_index = x.line_index
                                  WHERE x.chain_id = r.chain_id AND x.receipt_id = r.id)), 0)
              FROM receipts r
             WHERE r.chain_id = ? AND r.customer_id = ? AND r.status = 'confirmed' AND r.occurred_at > ? AND %s""";

    @Inject
    Transactions tx;

    @Inject
    ReportDatabase db;

    @Inject
    ProgrammeVersions programmes;

    public Summary summary(ReportScope scope, long customerId, Instant now) {
        Summary facts = tx.read(c -> {
            CustomerReports.requireVisible(c, scope, customerId);
            long[] spend = spend(c, scope, customerId, now);
            var row = Sql.rows(c, rs -> new Object[] { rs.getObject(1, LocalDate.class), rs.getString(2) },
                    "SELECT birth_date, tier_code FROM customers WHERE chain_id = ? AND id = ?", scope.chainId(),
                    customerId).get(0);
            LocalDate born = (LocalDate) row[0];
            String birthday = born == null ? null
                    : scope.headOffice() ? born.toString() : "--%02d-%02d".formatted(born.getMonthValue(), born.getDayOfMonth());
            TierStep step = tierStep(programmes.active(scope.chainId(), now), (String) row[1],
                    TierSpend.of(c, scope.chainId(), customerId, now));
            return new Summary(customerId, birthday, spend[1], spend[0], null, step);
        });
        return new Summary(customerId, facts.birthday(), facts.spend12mMinor(), facts.receipts12m(),
                segment(scope, customerId), facts.tier());
    }

    /** Receipts and spend (paid less refunds) of the last 365 days in the scope's stores, as tiers count them. */
    private static long[] spend(Connection c, ReportScope scope, long customerId, Instant now) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), customerId,
                Ledger.odt(now.minus(YEAR_DAYS, ChronoUnit.DAYS))));
        args.addAll(scope.storeArgs());
        return Sql.rows(c, rs -> new long[] { rs.getLong(1), rs.getLong(2) },
                SPEND.formatted(scope.storeCondition("r.store_id")), args.toArray()).get(0);
    }

    /** The next tier is the lowest whose threshold is above the current tier's. */
    static TierStep tierStep(Programme p, String currentCode, long spendMinor) {
        Programme.Tier current = p.tier(currentCode);
        Programme.Tier next = p.tiers().stream().filter(t -> t.minSpendMinor() > current.minSpendMinor())
                .min(Comparator.comparingLong(Programme.Tier::minSpendMinor)).orElse(null);
        return new TierStep(current.code(), current.name(), spendMinor, next == null ? null : next.code(),
                next == null ? null : next.name(), next == null ? null : next.minSpendMinor(),
                next == null ? null : Math.max(0, next.minSpendMinor() - spendMinor));
    }

    /** The segment as the segments report gives it (its rollup), or null for a customer without purchases there. */
    private String segment(ReportScope scope, long customerId) {
        if (scope.customerScope() == null) {
            return null;
        }
        List<Object> args = new ArrayList<>();
        String sql = "SELECT segment FROM (" + Rfm.segmentSql(ReceiptFacts.customersOf(scope, args))
                + ") s WHERE customer_id = ?";
        args.add(customerId);
        return db.one(sql, args, rs -> rs.getString(1));
    }

    /** Newest first: the history behind the customer's consent flag. */
    public List<ConsentEvent> consents(ReportScope scope, long customerId, int limit) {
        return tx.read(c -> {
            CustomerReports.requireVisible(c, scope, customerId);
            return Sql.rows(c, rs -> new ConsentEvent(rs.getObject(1, OffsetDateTime.class), rs.getBoolean(2),
                    rs.getString(3), rs.getString(4), rs.getString(5), (Long) rs.getObject(6)), """
                    SELECT e.at, e.consent, e.source, s.code, t.name, e.campaign_id
                      FROM consent_events e
                      LEFT JOIN stores s ON s.chain_id = e.chain_id AND s.id = e.store_id
                      LEFT JOIN terminals t ON t.chain_id = e.chain_id AND t.id = e.terminal_id
                     WHERE e.chain_id = ? AND e.customer_id = ?
                     ORDER BY e.at DESC, e.id DESC LIMIT ?""", scope.chainId(), customerId, limit);
        });
    }

    /** The lines of one of the customer's receipts made in the reader's stores; any other receipt is 404. */
    public List<ReceiptLine> lines(ReportScope scope, long customerId, long receiptId) {
        return tx.read(c -> {
            CustomerReports.requireVisible(c, scope, customerId);
            List<Object> args = new ArrayList<>(List.of(scope.chainId(), receiptId, customerId));
            args.addAll(scope.storeArgs());
            List<Long> receipt = Sql.rows(c, rs -> rs.getLong(1),
                    "SELECT r.id FROM receipts r WHERE r.chain_id = ? AND r.id = ? AND r.customer_id = ? AND "
                            + scope.storeCondition("r.store_id"), args.toArray());
            if (receipt.isEmpty()) {
                throw Problems.notFound("Receipt");
            }
            return Sql.rows(c, rs -> new ReceiptLine(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getBigDecimal(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)), """
                    SELECT line_index, sku, name, category, qty, amount_minor, discount_minor, paid_by_points_minor,
                           final_amount_minor, points_earned
                      FROM receipt_lines WHERE chain_id = ? AND receipt_id = ? ORDER BY line_index""",
                    scope.chainId(), receiptId);
        });
    }
}
