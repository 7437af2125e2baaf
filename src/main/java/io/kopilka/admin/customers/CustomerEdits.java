package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/** Head office corrects a customer's facts (PATCH, docs/customers.md#head-office-edit), audited. */
@ApplicationScoped
public class CustomerEdits {

    private static final String UPDATE = """
            UPDATE customers SET name = ?, birth_date = ?, language = ?, home_store_id = ?, card = ?, phone = ?
             WHERE chain_id = ? AND id = ?""";

    @Inject
    Transactions tx;

    @Inject
    CustomerRows rows;

    @Inject
    AuditLog audit;

    @Inject
    io.kopilka.customers.CustomerEvents events;

    public CustomerView edit(StaffIdentity who, long id, JsonNode body) {
        who.requireHeadOffice();
        // a birth date "in the future" is judged by the latest calendar day on Earth, not the server's zone
        CustomerPatch patch = CustomerPatch.read(body, LocalDate.now(ZoneOffset.ofHours(14)));
        return tx.inTransaction(c -> {
            long chainId = who.chainId();
            CustomerView before = rows.existing(c, chainId, id, true);
            CustomerRows.requireActive(before);
            if (patch.isEmpty()) {
                return rows.view(c, chainId, id);
            }
            String phone = phone(c, chainId, id, patch.phone(), before.phone());
            String card = pick(patch.card(), before.card());
            if (patch.card() != null && card != null && !card.equals(before.card())) {
                refuseTaken(c, chainId, id, "card", card);
            }
            Long homeStore = homeStore(c, chainId, patch.homeStore(), before.homeStore());
            LocalDate birthDate = pick(patch.birthDate(), before.birthDate());
            try {
                Sql.update(c, UPDATE, pick(patch.name(), before.name()), birthDate,
                        patch.language() == null ? before.language() : patch.language(), homeStore, card, phone, chainId, id);
            } catch (SQLException e) {
                // another edit or an enrolment took the phone or card between our check and this update
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                String field = String.valueOf(e.getMessage()).contains("card") ? "card" : "phone";
                throw taken(field, null);
            }
            CustomerView after = rows.view(c, chainId, id);
            audit.record(c, who, "update", "customer", id, before.withBalance(after.balance()), after, Instant.now());
            events.updated(c, chainId, id, "head_office", patch.fieldNames(), Instant.now());
            return after;
        });
    }

    private String phone(Connection c, long chainId, long id, String raw, String current) throws SQLException {
        if (raw == null) {
            return current;
        }
        String phone = Phones.normalize(raw, CustomerRows.phoneRegion(c, chainId));
        if (phone == null) {
            throw new FieldErrors().add("phone", "is not a valid phone number").problem();
        }
        if (!phone.equals(current)) {
            refuseTaken(c, chainId, id, "phone", phone);
        }
        return phone;
    }

    private static Long homeStore(Connection c, long chainId, Optional<String> code, String current) throws SQLException {
        String wanted = pick(code, current);
        if (wanted == null) {
            return null;
        }
        List<Long> ids = Sql.rows(c, rs -> rs.getLong(1), "SELECT id FROM stores WHERE chain_id = ? AND code = ?", chainId, wanted);
        if (ids.isEmpty()) {
            throw new FieldErrors().add("home_store", "is not a store code of the chain").problem();
        }
        return ids.get(0);
    }

    /**
     * A phone or card names one customer of the chain; a merged duplicate still holds its own (they lead to the
     * survivor), so they are taken too.
     */
    private void refuseTaken(Connection c, long chainId, long id, String field, String value) throws SQLException {
        Long owner = rows.owner(c, chainId, field, value);
        if (owner != null && owner != id) {
            throw taken(field, owner);
        }
    }

    private static ProblemException taken(String field, Long owner) {
        return new ProblemException(409, field + "-taken", "The " + field + " belongs to another customer",
                owner == null ? "Another customer has this " + field : "Customer " + owner + " has this " + field,
                List.of(new ProblemException.FieldError(field, "is used by another customer")),
                owner == null ? Map.of() : Map.of("customer_id", owner));
    }

    /** The patched value: absent keeps the current one, an empty Optional clears it. */
    private static <T> T pick(Optional<T> patched, T current) {
        return patched == null ? current : patched.orElse(null);
    }
}
