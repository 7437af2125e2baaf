package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;

/** The customer rows head office reads and changes, always within the caller's chain. */
@ApplicationScoped
class CustomerRows {

    private static final String COLUMNS = """
            SELECT cu.id, cu.phone, cu.card, cu.name, cu.birth_date, cu.language, s.code, cu.tier_code, cu.referral_code,
                   cu.sms_consent, cu.consent_at, cu.created_at, cu.merged_into, cu.erased_at
              FROM customers cu LEFT JOIN stores s ON s.chain_id = cu.chain_id AND s.id = cu.home_store_id""";

    @Inject
    Ledger ledger;

    /** The customer row (without balance), or null; {@code lock} takes the row lock of a balance change. */
    CustomerView row(Connection c, long chainId, long id, boolean lock) throws SQLException {
        List<CustomerView> rows = Sql.rows(c, CustomerRows::map,
                COLUMNS + " WHERE cu.chain_id = ? AND cu.id = ?" + (lock ? " FOR UPDATE OF cu" : ""), chainId, id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The row or 404 (another chain's id answers the same as no id at all). */
    CustomerView existing(Connection c, long chainId, long id, boolean lock) throws SQLException {
        CustomerView row = row(c, chainId, id, lock);
        if (row == null) {
            throw notFound(id);
        }
        return row;
    }

    CustomerView view(Connection c, long chainId, long id) throws SQLException {
        return existing(c, chainId, id, false).withBalance(ledger.balance(c, chainId, id, Instant.now()));
    }

    /**
     * Who holds this phone or card in the chain: a merged duplicate's survivor (the lookup follows the merge as at
     * the till), or null; erased customers hold nothing.
     */
    Long holder(Connection c, long chainId, String column, String value) throws SQLException {
        List<Long> ids = Sql.rows(c, rs -> rs.getLong(1),
                "SELECT coalesce(merged_into, id) FROM customers WHERE chain_id = ? AND " + column + " = ?", chainId, value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The customer whose own row carries this phone or card (a merged duplicate too), or null. */
    Long owner(Connection c, long chainId, String column, String value) throws SQLException {
        List<Long> ids = Sql.rows(c, rs -> rs.getLong(1),
                "SELECT id FROM customers WHERE chain_id = ? AND " + column + " = ?", chainId, value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    static String phoneRegion(Connection c, long chainId) throws SQLException {
        List<String> region = Sql.rows(c, rs -> rs.getString(1).strip(), "SELECT phone_region FROM chains WHERE id = ?", chainId);
        return region.isEmpty() ? "RU" : region.get(0);
    }

    static ProblemException notFound(long id) {
        return Problems.notFound("Customer " + id);
    }

    /** Edits, merges and erasure refuse a customer that is no longer one. */
    static void requireActive(CustomerView row) {
        if (row.erasedAt() != null) {
            throw Problems.conflict("customer-erased", "The customer was erased",
                    "Customer " + row.id() + " was erased on request; nothing of it can be changed");
        }
        if (row.mergedInto() != null) {
            throw Problems.conflict("customer-merged", "The customer was merged",
                    "Customer " + row.id() + " was merged into customer " + row.mergedInto() + "; change that one",
                    java.util.Map.of("merged_into", row.mergedInto()));
        }
    }

    private static CustomerView map(ResultSet rs) throws SQLException {
        long merged = rs.getLong(13);
        Long mergedInto = rs.wasNull() ? null : merged;
        return new CustomerView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getBoolean(10), rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class),
                mergedInto, rs.getObject(14, OffsetDateTime.class), null);
    }
}
