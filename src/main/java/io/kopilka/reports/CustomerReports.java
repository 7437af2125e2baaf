package io.kopilka.reports;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.LedgerEntryView;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.Transactions;

/**
 * Customers as head office and franchisees read them. A franchisee sees a customer whose home store is one of its
 * stores or who has a receipt in one of them, with phone and card masked, and only the receipts and ledger lines
 * of its own stores; any other customer is answered exactly like one that does not exist.
 */
@ApplicationScoped
public class CustomerReports {

    /** How a reader names a customer: exactly one of phone (E.164), card or id. */
    public record Key(String phone, String card, Long id) {
    }

    @Inject
    Transactions tx;

    @Inject
    Ledger ledger;

    /**
     * The key of {@code ?phone=} (any local form of the chain's country) or {@code ?card=}: exactly one of them.
     */
    public Key key(ReportScope scope, String phone, String card) {
        FieldErrors errors = new FieldErrors();
        if ((phone == null || phone.isBlank()) == (card == null || card.isBlank())) {
            errors.add("phone", "give exactly one of phone or card");
        } else if (card != null && !card.isBlank()) {
            errors.text("card", card, true, 64);
        } else if (phone.length() > 32) {
            errors.add("phone", "is not a valid phone number");
        }
        errors.throwIfAny();
        if (card != null && !card.isBlank()) {
            return new Key(null, card, null);
        }
        String region = tx.read(c -> Sql.rows(c, rs -> rs.getString(1), "SELECT phone_region FROM chains WHERE id = ?",
                scope.chainId()).get(0));
        String e164 = Phones.normalize(phone, region);
        if (e164 == null) {
            throw Problems.invalid("phone", "is not a valid phone number");
        }
        return new Key(e164, null, null);
    }

    public CustomerProfile find(ReportScope scope, Key key, Instant now) {
        return tx.read(c -> {
            Long id = visibleId(c, scope, key);
            if (id == null) {
                throw Problems.notFound("Customer");
            }
            boolean mask = scope.masksPhones();
            return Sql.rows(c, rs -> new CustomerProfile(rs.getLong(1), rs.getString(2),
                    mask ? Phones.maskToCountry(rs.getString(3)) : rs.getString(3),
                    mask ? maskCard(rs.getString(4)) : rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getObject(7, OffsetDateTime.class), rs.getBoolean(8), ledger.balance(c, scope.chainId(), id, now)),
                    """
                    SELECT cu.id, cu.name, cu.phone, cu.card, cu.tier_code, hs.code, cu.created_at, cu.sms_consent
                      FROM customers cu
                      LEFT JOIN stores hs ON hs.chain_id = cu.chain_id AND hs.id = cu.home_store_id
                     WHERE cu.chain_id = ? AND cu.id = ?""", scope.chainId(), id).get(0);
        });
    }

    /** Newest first, only receipts made in the reader's stores. */
    public List<CustomerReceipt> receipts(ReportScope scope, long customerId, int limit) {
        return tx.read(c -> {
            requireVisible(c, scope, customerId);
            List<Object> args = new ArrayList<>(List.of(scope.chainId(), customerId));
            args.addAll(scope.storeArgs());
            args.add(limit);
            return Sql.rows(c, rs -> new CustomerReceipt(rs.getLong(1), rs.getString(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                    rs.getLong(9)), """
                    SELECT r.id, s.code, r.receipt_no, r.occurred_at, r.status, r.total_minor, r.discount_minor,
                           r.points_earned, r.points_redeemed
                      FROM receipts r JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id
                     WHERE r.chain_id = ? AND r.customer_id = ? AND %s
                     ORDER BY r.occurred_at DESC, r.id DESC LIMIT ?""".formatted(scope.storeCondition("r.store_id")),
                    args.toArray());
        });
    }

    /** Newest first, only lines made in the reader's stores (every line for head office). */
    public List<LedgerEntryView> ledger(ReportScope scope, long customerId, int limit) {
        return tx.read(c -> {
            requireVisible(c, scope, customerId);
            return ledger.entries(c, scope.chainId(), customerId, scope.franchiseeId(), limit);
        });
    }

    /** "**** 1234": the last four characters, enough to tell two cards apart, not to use one. */
    static String maskCard(String card) {
        if (card == null) {
            return null;
        }
        return card.length() <= 4 ? "****" : "**** " + card.substring(card.length() - 4);
    }

    static void requireVisible(Connection c, ReportScope scope, long customerId) throws SQLException {
        if (visibleId(c, scope, new Key(null, null, customerId)) == null) {
            throw Problems.notFound("Customer");
        }
    }

    private static Long visibleId(Connection c, ReportScope scope, Key key) throws SQLException {
        // a merged duplicate's phone or card names its survivor, as at the till (docs/customers.md)
        String by = key.id() != null ? "cu.id = ?"
                : "cu.erased_at IS NULL AND cu.id = (SELECT coalesce(d.merged_into, d.id) FROM customers d "
                        + "WHERE d.chain_id = cu.chain_id AND d." + (key.phone() != null ? "phone" : "card") + " = ?)";
        List<Object> args = new ArrayList<>();
        args.add(scope.chainId());
        args.add(key.id() != null ? key.id() : key.phone() != null ? key.phone() : key.card());
        String sql = "SELECT cu.id FROM customers cu WHERE cu.chain_id = ? AND " + by + visibleTo(scope, args);
        List<Long> ids = Sql.rows(c, rs -> rs.getLong(1), sql, args.toArray());
        return ids.isEmpty() ? null : ids.get(0);
    }

    /**
     * The condition (" AND ...", or nothing for the whole chain) that keeps a franchisee to customers of its
     * stores: home store there or a receipt there. Adds its arguments to {@code args}.
     */
    static String visibleTo(ReportScope scope, List<Object> args) {
        if (scope.wholeChain()) {
            return "";
        }
        args.addAll(scope.storeArgs());
        args.addAll(scope.storeArgs());
        return " AND (" + scope.storeCondition("cu.home_store_id") + """
                 OR EXISTS (SELECT 1 FROM receipts r WHERE r.chain_id = cu.chain_id AND r.customer_id = cu.id
                               AND %s))""".formatted(scope.storeCondition("r.store_id"));
    }
}
