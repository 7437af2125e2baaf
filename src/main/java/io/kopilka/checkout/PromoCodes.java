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
import java.util.Comparator;
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
 * fails the receipt: the cashier gets a sentence saying why. Limits hold under concurrency without a hot row
 * (ADR 0034): a code without limits is only read; a per-customer limit is a guarded counter of that customer
 * ({@link PromoLimits}); a total limit takes one use from one of the code's stripes that no other receipt
 * holds. The dry run only reads.
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
        List<Candidate> candidates = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : codes) {
            String code = raw.strip();
            if (seen.add(code.toUpperCase(Locale.ROOT))) {
                candidates.add(read(c, till, code, customer, at));
            }
        }
        // Limits are taken in the codes' id order, not the till's: two receipts naming the same limited codes in
        // opposite orders would otherwise each hold a counter the other waits for, and one would fail.
        List<Candidate> limited = candidates.stream().filter(Candidate::limited)
                .sorted(Comparator.comparingLong(Candidate::id)).toList();
        for (Candidate k : limited) {
            k.refusal = take(c, till, k, customer, !lock);
        }
        List<PromoOffer> offers = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Candidate k : candidates) {
            if (k.refusal == null) {
                offers.add(k.offer);
                ids.add(k.id);
                messages.add("Promo code " + k.offer.code() + " applied");
            } else {
                messages.add(k.refusal);
            }
        }
        return new Resolved(offers, ids, messages);
    }

    /** A code the till sent, as read: its offer, its limits, and why it cannot be used if it cannot. */
    private static final class Candidate {
        long id;
        PromoOffer offer;
        Integer totalLimit;
        Integer perCustomerLimit;
        String refusal;

        long id() {
            return id;
        }

        boolean limited() {
            return refusal == null && (totalLimit != null || perCustomerLimit != null);
        }
    }

    private static Candidate read(Connection c, TerminalIdentity till, String code, Customer customer, Instant at)
            throws SQLException {
        Candidate k = new Candidate();
        try (PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setLong(1, till.chainId());
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(12)) {
                    k.refusal = "Promo code " + code + " is not valid";
                    return k;
                }
                k.id = rs.getLong(1);
                k.refusal = refusal(till, rs, customer, at);
                k.offer = new PromoOffer(rs.getString(2), PromoKind.valueOf(rs.getString(3)), rs.getBigDecimal(4),
                        rs.getLong(5), rs.getLong(6));
                k.totalLimit = rs.getObject(10, Integer.class);
                k.perCustomerLimit = rs.getObject(11, Integer.class);
                return k;
            }
        }
    }

    private static String refusal(TerminalIdentity till, ResultSet rs, Customer customer, Instant at)
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
        if ((rs.getObject(11) != null || "points".equals(rs.getString(3))) && customer == null) {
            return "Promo code " + code + " needs an identified customer";
        }
        return null;
    }

    private static String take(Connection c, TerminalIdentity till, Candidate k, Customer customer, boolean dryRun)
            throws SQLException {
        PromoLimits.Refusal refusal = PromoLimits.take(c, till.chainId(), k.id, k.totalLimit, k.perCustomerLimit,
                customer == null ? null : customer.id(), till.terminalId(), dryRun);
        if (refusal == PromoLimits.Refusal.FULLY_USED) {
            return "Promo code " + k.offer.code() + " has been fully used";
        }
        if (refusal == PromoLimits.Refusal.USED_BY_CUSTOMER) {
            return "Promo code " + k.offer.code() + " was already used by this customer";
        }
        return null;
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

    /** A cancelled receipt gives its uses back, once. */
    public void release(Connection c, long chainId, long receiptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE promo_redemptions SET released = true WHERE chain_id = ? AND receipt_id = ? AND NOT released
                RETURNING chain_id, promo_id, customer_id""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            giveBack(c, ps);
        }
    }

    /** Anonymous held receipts that ran out give their uses back (the sweeper; no customer's lock needed). */
    public void releaseExpiredAnonymous(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE promo_redemptions SET released = true
                 WHERE NOT released AND (chain_id, receipt_id) IN (SELECT chain_id, id FROM receipts
                         WHERE status = 'held' AND hold_expires_at <= ? AND customer_id IS NULL)
                RETURNING chain_id, promo_id, customer_id""")) {
            ps.setObject(1, Ledger.odt(now));
            giveBack(c, ps);
        }
    }

    private record Use(long chainId, long promoId, Long customerId) {
    }

    /** Runs a release that returns the released uses and gives each back to its code's counters. */
    private static void giveBack(Connection c, PreparedStatement release) throws SQLException {
        List<Use> released = new ArrayList<>();
        try (ResultSet rs = release.executeQuery()) {
            while (rs.next()) {
                released.add(new Use(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class)));
            }
        }
        // in the order take locks the counters (the codes' ids), so a cancel and a sale cannot wait on each other
        released.sort(Comparator.comparingLong(Use::promoId));
        for (Use u : released) {
            PromoLimits.giveBack(c, u.chainId(), u.promoId(), u.customerId());
        }
    }
}
