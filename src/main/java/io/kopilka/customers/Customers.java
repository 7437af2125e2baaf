package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.ledger.Balance;
import io.kopilka.ledger.Ledger;

/**
 * Reads customers of one chain; optionally takes the row lock that serialises spending of their points. A lookup
 * ({@link #find}) follows a merge to the survivor and skips erased customers (docs/customers.md).
 */
@ApplicationScoped
public class Customers {

    private static final String COLUMNS = "chain_id, id, phone, card, name, birth_date, language, tier_code, "
            + "referral_code, sms_consent, home_store_id, "
            + "(SELECT s.timezone FROM stores s WHERE s.chain_id = customers.chain_id AND s.id = customers.home_store_id), "
            + "preferred_mode, referred_by";

    /** A customer with the balance read in the same statement. */
    public record WithBalance(Customer customer, Balance balance) {
    }

    public Customer find(Connection c, long chainId, CustomerRef ref, boolean lock) throws SQLException {
        String sql = "SELECT " + COLUMNS + ", merged_into FROM customers" + lookUp(ref) + (lock ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindLookUp(ps, 1, chainId, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Object survivor = rs.getObject(15);
                if (survivor != null) {
                    // merged while we waited for its lock: the merge has committed, so the survivor is the customer
                    return find(c, chainId, new CustomerRef(null, null, ((Number) survivor).longValue()), lock);
                }
                return map(rs);
            }
        }
    }

    /**
     * As {@link #find} without a lock, and the customer's balance at {@code now} in the same round trip: for a
     * receipt that spends no points (one that does reads the balance only once it holds the customer's lock).
     */
    public WithBalance findWithBalance(Connection c, long chainId, CustomerRef ref, Instant now) throws SQLException {
        String sql = "SELECT " + COLUMNS + ", merged_into, b.* FROM customers CROSS JOIN LATERAL ("
                + Ledger.balanceOf("customers.chain_id", "customers.id") + ") b" + lookUp(ref);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindLookUp(ps, Ledger.bindBalanceAt(ps, 1, now), chainId, ref);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Object survivor = rs.getObject(15);
                if (survivor != null) {
                    return findWithBalance(c, chainId, new CustomerRef(null, null, ((Number) survivor).longValue()), now);
                }
                return new WithBalance(map(rs), Ledger.balance(rs, 16));
            }
        }
    }

    // A merged duplicate's phone, card or id names its survivor; an erased customer is no longer found.
    private static String lookUp(CustomerRef ref) {
        String where;
        if (ref.id() != null) {
            where = "id = ?";
        } else if (ref.phone() != null) {
            where = "phone = ?";
        } else {
            where = "card = ?";
        }
        return " WHERE customers.chain_id = ? AND customers.erased_at IS NULL AND customers.id = "
                + "(SELECT coalesce(merged_into, id) FROM customers WHERE chain_id = ? AND " + where + ")";
    }

    private static void bindLookUp(PreparedStatement ps, int first, long chainId, CustomerRef ref) throws SQLException {
        ps.setLong(first, chainId);
        ps.setLong(first + 1, chainId);
        if (ref.id() != null) {
            ps.setLong(first + 2, ref.id());
        } else {
            ps.setString(first + 2, ref.phone() != null ? ref.phone() : ref.card());
        }
    }

    /** Exactly this customer (merged or erased too: its receipts and ledger still need the lock). */
    public Customer lock(Connection c, long chainId, long customerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM customers WHERE chain_id = ? AND id = ? FOR UPDATE")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? map(rs) : null;
            }
        }
    }

    static Customer map(ResultSet rs) throws SQLException {
        long home = rs.getLong(11);
        boolean homeNull = rs.wasNull();
        return new Customer(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, LocalDate.class), rs.getString(7), rs.getString(8), rs.getString(9), rs.getBoolean(10),
                homeNull ? null : home, rs.getString(12) == null ? null : ZoneId.of(rs.getString(12)), rs.getString(13),
                rs.getObject(14) == null ? null : rs.getLong(14));
    }
}
