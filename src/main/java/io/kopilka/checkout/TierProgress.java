package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Sql;
import io.kopilka.rules.Programme;

/**
 * Tiers by rolling 365-day spend (what the customer paid, money and points, less returns). A receipt
 * that crosses a threshold moves the customer up from the next receipt on; a return that takes the
 * spend back below it moves them down for later receipts (earlier receipts keep what they earned);
 * the nightly review moves down those whose old receipts left the 365-day window.
 */
@ApplicationScoped
public class TierProgress {

    static final int WINDOW_DAYS = 365;

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

    /** Spend within the 365 days before {@code at}. */
    public long spend(Connection c, long chainId, long customerId, Instant at) throws SQLException {
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

    /** The highest tier whose threshold the spend reaches. */
    public static Programme.Tier tierFor(Programme p, long spendMinor) {
        Programme.Tier best = null;
        for (Programme.Tier t : p.tiers()) {
            if (t.minSpendMinor() <= spendMinor && (best == null || t.minSpendMinor() > best.minSpendMinor())) {
                best = t;
            }
        }
        return best == null ? p.tier(null) : best;
    }

    public static boolean above(Programme p, Programme.Tier a, String currentCode) {
        return a.minSpendMinor() > p.tier(currentCode).minSpendMinor();
    }

    public void set(Connection c, long chainId, long customerId, String tierCode) throws SQLException {
        Sql.update(c, "UPDATE customers SET tier_code = ? WHERE chain_id = ? AND id = ?", tierCode, chainId, customerId);
    }

    /** After a return: back down if the spend no longer reaches the current tier. */
    public void afterReturn(Connection c, long chainId, long customerId, String currentCode, Programme p, Instant now)
            throws SQLException {
        if (p.tiers().size() < 2) {
            return;
        }
        Programme.Tier deserved = tierFor(p, spend(c, chainId, customerId, now));
        if (above(p, p.tier(currentCode), deserved.code())) {
            set(c, chainId, customerId, deserved.code());
        }
    }
}
