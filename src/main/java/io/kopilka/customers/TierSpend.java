package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import io.kopilka.ledger.Ledger;

/**
 * What tiers are decided on: the customer's spend over the rolling 365 days, at every store of the chain (what
 * they paid, money and points, less returns). Read by the checkout's tier decisions and by the customer page's
 * tier progress, so that both count the same money.
 *
 * <p>The spend is a running figure per calendar month in UTC (table {@code tier_spend_months}, kept by the
 * receipts' triggers of V19, ADR 0035): whole months after the one the window starts in are read from it, and
 * only that first month's part from the receipts themselves, so the figure is exact to the microsecond.
 */
public final class TierSpend {

    public static final int WINDOW_DAYS = 365;

    private static final String SPEND = """
            SELECT coalesce((SELECT sum(m.spend_minor) FROM tier_spend_months m
                              WHERE m.chain_id = ? AND m.customer_id = ? AND m.month >= ?), 0)
                 + coalesce((SELECT sum(r.total_minor - r.discount_minor
                                    - coalesce((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                                                  FROM return_lines x
                                                  JOIN receipt_lines rl ON rl.chain_id = x.chain_id
                                                       AND rl.receipt_id = x.receipt_id AND rl.line_index = x.line_index
                                                 WHERE x.chain_id = r.chain_id AND x.receipt_id = r.id), 0))
                               FROM receipts r
                              WHERE r.chain_id = ? AND r.customer_id = ? AND r.status = 'confirmed'
                                AND r.occurred_at > ? AND r.occurred_at < ?), 0)""";

    private TierSpend() {
    }

    /** Spend within the 365 days before {@code at} (and any recorded after it). */
    public static long of(Connection c, long chainId, long customerId, Instant at) throws SQLException {
        Instant since = at.minus(WINDOW_DAYS, ChronoUnit.DAYS);
        LocalDate nextMonth = LocalDate.ofInstant(since, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        var from = Ledger.odt(since);
        var until = nextMonth.atStartOfDay().atOffset(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(SPEND)) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.setObject(3, nextMonth);
            ps.setLong(4, chainId);
            ps.setLong(5, customerId);
            ps.setObject(6, from);
            ps.setObject(7, until);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
