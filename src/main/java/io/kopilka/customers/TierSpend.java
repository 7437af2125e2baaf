package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.kopilka.ledger.Ledger;

/**
 * What tiers are decided on: the customer's spend over the rolling 365 days, at every store of the chain (what
 * they paid, money and points, less returns). Read by the checkout's tier decisions and by the customer page's
 * tier progress, so that both count the same money.
 */
public final class TierSpend {

    public static final int WINDOW_DAYS = 365;

    private static final String SPEND = """
            SELECT coalesce(sum(r.total_minor - r.discount_minor), 0)
                 - coalesce((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                               FROM return_lines x
                               JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                                    AND rl.line_index = x.line_index
                               JOIN receipts r2 ON r2.chain_id = x.chain_id AND r2.id = x.receipt_id
                              WHERE r2.chain_id = ? AND r2.customer_id = ? AND r2.status = 'confirmed'
                                AND r2.occurred_at > ?), 0)
              FROM receipts r
             WHERE r.chain_id = ? AND r.customer_id = ? AND r.status = 'confirmed' AND r.occurred_at > ?""";

    private TierSpend() {
    }

    /** Spend within the 365 days before {@code at}. */
    public static long of(Connection c, long chainId, long customerId, Instant at) throws SQLException {
        var since = Ledger.odt(at.minus(WINDOW_DAYS, ChronoUnit.DAYS));
        try (PreparedStatement ps = c.prepareStatement(SPEND)) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.setObject(3, since);
            ps.setLong(4, chainId);
            ps.setLong(5, customerId);
            ps.setObject(6, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
