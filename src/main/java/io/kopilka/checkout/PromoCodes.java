package io.kopilka.checkout;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.customers.Customer;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.rules.ReceiptInput.PromoKind;
import io.kopilka.rules.ReceiptInput.PromoOffer;

/**
 * Turns the codes a register sends into offers the programme applies. A code that cannot be used never
 * fails the receipt: the cashier gets a sentence saying why. Limits hold under concurrency: when a receipt is
 * recorded ({@code lock}), the row of every code it sends is locked {@code FOR UPDATE}, limited or not, while the
 * receipt counts and records its use; the dry run locks nothing. (A code without limits therefore still
 * serialises the tills that use it at once: docs/api/pos.md#differences-from-the-product-specification.)
 */
@ApplicationScoped
public class PromoCodes {

    public record Resolved(List<PromoOffer> offers, List<Long> promoIds, List<String> messages) {
        static final Resolved NONE = new Resolved(List.of(), List.of(), List.of());
    }

    private static final String SELECT = """
            SELECT id, code, kind, percent, amount_minor, points, valid_from, valid_to, store_codes, total_limit,
                   per_customer_limit, active
              FROM promo_codes WHERE chain_id = ? AND upper(code) = upper(?)""";

    public Resolved resolve(Connection c, TerminalIdentity till, List<String> codes, Customer customer, Instant at,
            boolean lock) throws SQLException {
        if (codes == null || codes.isEmpty()) {
            return Resolved.NONE;
        }
        List<PromoOffer> offers = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : codes) {
            String code = raw.strip();
            if (!seen.add(code.toUpperCase(Locale.ROOT))) {
                continue;
            }
            String refusal = null;
            PromoOffer offer = null;
            long id = 0;
            try (PreparedStatement ps = c.prepareStatement(lock ? SELECT + " FOR UPDATE" : SELECT)) {
                ps.setLong(1, till.chainId());
                ps.setString(2, code);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(12)) {
                        refusal = "Promo code " + code + " is not valid";
                    } else {
                        id = rs.getLong(1);
                        refusal = refusal(c, till, rs, customer, at);
                        if (refusal == null) {
                            offer = new PromoOffer(rs.getString(2), PromoKind.valueOf(rs.getString(3)), rs.getBigDecimal(4),
                                    rs.getLong(5), rs.getLong(6));
                        }
                    }
                }
            }
            if (offer != null) {
                offers.add(offer);
                ids.add(id);
                messages.add("Promo code " + offer.code() + " applied");
            } else {
                messages.add(refusal);
            }
        }
        return new Resolved(offers, ids, messages);
    }

    private static String refusal(Connection c, TerminalIdentity till, ResultSet rs, Customer customer, Instant at)
            throws SQLException {
        String code = rs.getString(2);
        OffsetDateTime from = rs.getObject(7, OffsetDateTime.class);
        OffsetDateTime to = rs.getObject(8, OffsetDateTime.class);
        if (from != null && at.isBefore(from.toInstant())) {
            return "Promo code " + code + " is not valid yet";
        }
        if (to != null && !at.isBefore(to.toInstant())) {
            return "Promo code " + code + " has expired";
        }
        Array stores = rs.getArray(9);
        if (stores != null && !Arrays.asList((String[]) stores.getArray()).contains(till.storeCode())) {
            return "Promo code " + code + " is not valid in this store";
        }
        int perCustomer = rs.getInt(11);
        boolean perCustomerLimited = !rs.wasNull();
        if ((perCustomerLimited || "points".equals(rs.getString(3))) && customer == null) {
            return "Promo code " + code + " needs an identified customer";
        }
        int total = rs.getInt(10);
        if (!rs.wasNull() && uses(c, till.chainId(), rs.getLong(1), null) >= total) {
            return "Promo code " + code + " has been fully used";
        }
        if (perCustomerLimited && uses(c, till.chainId(), rs.getLong(1), customer.id()) >= perCustomer) {
            return "Promo code " + code + " was already used by this customer";
        }
        return null;
    }

    private static long uses(Connection c, long chainId, long promoId, Long customerId) throws SQLException {
        String sql = "SELECT count(*) FROM promo_redemptions WHERE chain_id = ? AND promo_id = ? AND NOT released"
                + (customerId == null ? "" : " AND customer_id = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            ps.setLong(2, promoId);
            if (customerId != null) {
                ps.setLong(3, customerId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void recordUse(Connection c, long chainId, List<Long> promoIds, long receiptId, Long customerId, Instant now)
            throws SQLException {
        if (promoIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO promo_redemptions (chain_id, promo_id, receipt_id, customer_id, created_at) VALUES (?, ?, ?, ?, ?)""")) {
            for (Long id : promoIds) {
                ps.setLong(1, chainId);
                ps.setLong(2, id);
                ps.setLong(3, receiptId);
                ps.setObject(4, customerId, java.sql.Types.BIGINT);
                ps.setObject(5, Ledger.odt(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A cancelled receipt gives its uses back. */
    public void release(Connection c, long chainId, long receiptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE promo_redemptions SET released = true WHERE chain_id = ? AND receipt_id = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            ps.executeUpdate();
        }
    }
}
