package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.customers.TierSpend;
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

    @Inject
    ReceiptEvents events;

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

    /** Moves the customer from one tier to another (and tells the webhooks). */
    public void set(Connection c, long chainId, long customerId, String fromCode, String toCode, Instant now)
            throws SQLException {
        Sql.update(c, "UPDATE customers SET tier_code = ? WHERE chain_id = ? AND id = ?", toCode, chainId, customerId);
        events.tierChanged(c, chainId, customerId, fromCode, toCode, now);
    }

    /** After a return: back down if the spend no longer reaches the current tier. */
    public void afterReturn(Connection c, long chainId, long customerId, String currentCode, Programme p, Instant now)
            throws SQLException {
        if (p.tiers().size() < 2) {
            return;
        }
        Programme.Tier deserved = tierFor(p, TierSpend.of(c, chainId, customerId, now));
        if (above(p, p.tier(currentCode), deserved.code())) {
            set(c, chainId, customerId, currentCode, deserved.code(), now);
        }
    }
}
