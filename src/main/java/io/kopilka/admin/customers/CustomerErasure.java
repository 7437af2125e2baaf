package io.kopilka.admin.customers;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.BalanceMoves;
import io.kopilka.platform.AuditLog;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * Erasure on the customer's request (152-FZ; GDPR art. 17; docs/customers.md#erasure-on-request): personal data
 * leave the customer, the duplicates merged into it, their queued messages and the audit trail; receipts and
 * ledger stay for accounting under the pseudonym {@code erased-<id>}; the balance is cancelled by entries. Erasing
 * again answers the erased customer and changes nothing, so a retry after a time-out is safe.
 */
@ApplicationScoped
public class CustomerErasure {

    static final String REASON = "erasure";

    @Inject
    Transactions tx;

    @Inject
    CustomerRows rows;

    @Inject
    BalanceMoves moves;

    @Inject
    OpenHolds holds;

    @Inject
    QueuedMessages messages;

    @Inject
    PersonalDataInAudit personal;

    @Inject
    AuditLog audit;

    public CustomerView erase(StaffIdentity who, long id) {
        who.requireHeadOffice();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(c -> {
            long chainId = who.chainId();
            CustomerView row = rows.existing(c, chainId, id, true);
            if (row.erasedAt() != null) {
                return rows.view(c, chainId, id);
            }
            CustomerRows.requireActive(row);
            holds.refuse(c, chainId, id, "erased");
            CustomerView before = rows.view(c, chainId, id);
            List<Long> people = new ArrayList<>(List.of(id));
            people.addAll(Sql.rows(c, rs -> rs.getLong(1),
                    "SELECT id FROM customers WHERE chain_id = ? AND merged_into = ? ORDER BY id FOR UPDATE", chainId, id));

            long cancelled = moves.cancel(c, chainId, id, who.userId(), REASON, now);
            for (long person : people) {
                Sql.update(c, """
                        UPDATE customers SET phone = NULL, card = NULL, name = ?, birth_date = NULL, sms_consent = false,
                               erased_at = ? WHERE chain_id = ? AND id = ?""",
                        "erased-" + person, now.atOffset(ZoneOffset.UTC), chainId, person);
                // a phone change waiting for its SMS code holds the new phone
                Sql.update(c, "DELETE FROM phone_changes WHERE chain_id = ? AND customer_id = ?", chainId, person);
            }
            int withdrawn = messages.scrub(c, chainId, people);
            personal.mask(c, chainId, people);

            CustomerView after = rows.view(c, chainId, id);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("customer", after);
            result.put("points_cancelled", cancelled);
            result.put("messages_withdrawn", withdrawn);
            result.put("merged_customers_erased", people.size() - 1);
            audit.record(c, who, "erase", "customer", id, personal.masked(before), result, now);
            return after;
        });
    }
}
