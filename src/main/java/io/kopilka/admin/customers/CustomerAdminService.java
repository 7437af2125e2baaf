package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.platform.AuditLog;
import io.kopilka.ledger.Balance;
import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.LedgerEntryView;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Problems;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookOutbox;

/**
 * Head office looks customers up, reads their ledger and corrects balances by hand; every operation here is
 * head-office only (franchisee users read customers through the reports API). A lookup by a merged duplicate's
 * phone or card finds the survivor.
 */
@ApplicationScoped
public class CustomerAdminService {

    static final long MAX_ADJUSTMENT = 1_000_000_000L;

    @Inject
    Transactions tx;

    @Inject
    WebhookOutbox webhooks;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    AuditLog audit;

    @Inject
    CustomerRows rows;

    public CustomerView byPhone(StaffIdentity who, String rawPhone) {
        who.requireHeadOffice();
        if (rawPhone == null || rawPhone.isBlank()) {
            throw Problems.invalid("phone", "is required");
        }
        return tx.read(c -> {
            String phone = Phones.normalize(rawPhone, CustomerRows.phoneRegion(c, who.chainId()));
            if (phone == null) {
                throw Problems.invalid("phone", "is not a valid phone number");
            }
            Long id = rows.holder(c, who.chainId(), "phone", phone);
            if (id == null) {
                throw Problems.notFound("A customer with this phone");
            }
            return rows.view(c, who.chainId(), id);
        });
    }

    public CustomerView byCard(StaffIdentity who, String card) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        errors.text("card", card, true, 64);
        errors.throwIfAny();
        return tx.read(c -> {
            Long id = rows.holder(c, who.chainId(), "card", card.strip());
            if (id == null) {
                throw Problems.notFound("A customer with this card");
            }
            return rows.view(c, who.chainId(), id);
        });
    }

    public CustomerView get(StaffIdentity who, long id) {
        who.requireHeadOffice();
        return tx.read(c -> rows.view(c, who.chainId(), id));
    }

    public List<LedgerEntryView> ledger(StaffIdentity who, long id, int limit) {
        who.requireHeadOffice();
        return tx.read(c -> {
            rows.existing(c, who.chainId(), id, false);
            return ledger.entries(c, who.chainId(), id, limit);
        });
    }

    /**
     * One transaction under the customer's row lock: a negative adjustment can never race a redemption
     * at a till into a negative balance.
     */
    public AdjustmentView adjust(StaffIdentity who, long customerId, AdjustmentRequest request) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        Long points = request.points();
        if (points == null) {
            errors.add("points", "is required");
        } else if (points == 0) {
            errors.add("points", "must not be zero");
        } else if (points < -MAX_ADJUSTMENT || points > MAX_ADJUSTMENT) {
            errors.add("points", "must be between -" + MAX_ADJUSTMENT + " and " + MAX_ADJUSTMENT);
        }
        errors.text("reason", request.reason(), true, 256);
        errors.throwIfAny();
        String reason = request.reason().strip();

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(c -> adjustLocked(c, who, customerId, points, reason, now));
    }

    private AdjustmentView adjustLocked(Connection c, StaffIdentity who, long customerId, long points, String reason,
            Instant now) throws SQLException {
        long chainId = who.chainId();
        CustomerRows.requireActive(rows.existing(c, chainId, customerId, true));
        Balance before = ledger.balance(c, chainId, customerId, now);
        Posting posting = new Posting(chainId, customerId, null, null, null, who.userId(), reason, now);
        long entryId;
        Instant expiresAt = null;
        if (points > 0) {
            int expiryDays = programmes.active(chainId, now).expiryDays();
            expiresAt = expiryDays > 0 ? now.plus(expiryDays, ChronoUnit.DAYS) : null;
            entryId = ledger.credit(c, posting, EntryKind.adjustment, points, null, now, expiresAt);
        } else {
            if (before.available() < -points) {
                throw Problems.conflict("insufficient-points", "Not enough points",
                        "The customer has " + before.available() + " points available; " + -points + " cannot be taken",
                        Map.of("available", before.available()));
            }
            entryId = ledger.debit(c, posting, EntryKind.adjustment, -points, null, null, false);
        }
        Balance after = ledger.balance(c, chainId, customerId, now);
        AdjustmentView view = new AdjustmentView(entryId, customerId, EntryKind.adjustment.name(), points, reason,
                who.userId(), Ledger.odt(now), Ledger.odt(now), expiresAt == null ? null : Ledger.odt(expiresAt), after);
        audit.record(c, who, "adjust", "customer", customerId, Map.of("balance", before), view, now);
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("customer_id", customerId);
        data.put("entry_id", entryId);
        data.put("points", points);
        data.put("reason", reason);
        data.put("available", after.available());
        webhooks.emit(c, chainId, WebhookEventType.POINTS_ADJUSTED, customerId, () -> data, now);
        return view;
    }
}
