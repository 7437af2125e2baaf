package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Secrets;

/**
 * One-use promo codes, one per recipient of a campaign. The code is derived from the campaign and the customer
 * with the chain's secret, so a rerun makes the same code and never a second one.
 */
final class PersonalCodes {

    /** No 0/O, 1/I/L: read aloud at the till without mistakes. */
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

    private PersonalCodes() {
    }

    static String code(byte[] secret, PersonalPromo promo, long campaignId, long customerId) {
        byte[] h = Secrets.hmacSha256(secret, "promo:" + campaignId + ":" + customerId);
        StringBuilder code = new StringBuilder(promo.prefix() == null ? "" : promo.prefix().toUpperCase());
        for (int i = 0; i < 8; i++) {
            code.append(ALPHABET[(h[i] & 0xff) % ALPHABET.length]);
        }
        return code.toString();
    }

    static void insert(Connection c, long chainId, PersonalPromo promo, List<String> codes, Instant now) throws SQLException {
        if (codes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO promo_codes (chain_id, code, kind, percent, amount_minor, points, valid_from, valid_to,
                                         total_limit, per_customer_limit, active)
                SELECT ?, u.code, ?, ?::numeric, ?::bigint, ?::bigint, ?::timestamptz, ?::timestamptz, 1, 1, true FROM unnest(?::text[]) AS u(code)
                ON CONFLICT (chain_id, upper(code)) DO NOTHING""")) {
            ps.setLong(1, chainId);
            ps.setString(2, promo.kind());
            ps.setBigDecimal(3, promo.percent());
            ps.setObject(4, promo.amountMinor());
            ps.setObject(5, promo.points());
            ps.setObject(6, Ledger.odt(now));
            ps.setObject(7, Ledger.odt(now.plus(promo.validDays() == null ? 30 : promo.validDays(), ChronoUnit.DAYS)));
            ps.setArray(8, c.createArrayOf("text", codes.toArray()));
            ps.executeUpdate();
        }
    }
}
