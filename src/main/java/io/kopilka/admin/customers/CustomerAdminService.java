package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * Head office looks customers up, reads their ledger and corrects balances by hand. Franchisee users
 * will reach customers only through receipts of their own stores (reports), so every operation here is
 * head-office only for now.
 */
@ApplicationScoped
public class CustomerAdminService {

    static final long MAX_ADJUSTMENT = 1_000_000_000L;

    private static final String COLUMNS = """
            SELECT id, phone, card, name, birth_date, language, tier_code, referral_code, sms_consent, consent_at, created_at
              FROM customers""";

    @Inject
    Transactions tx;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    AuditLog audit;

    public CustomerView byPhone(StaffIdentity who, String rawPhone) {
        who.requireHeadOffice();
        if (rawPhone == null || rawPhone.isBlank()) {
            throw Problems.invalid("phone", "is required");
        }
        return tx.read(c -> {
            String phone = Phones.normalize(rawPhone, phoneRegion(c, who.chainId()));
            if (phone == null) {
                throw Problems.invalid("phone", "is not a valid phone number");
            }
            Long id = findId(c, who.chainId(), "phone", phone);
            if (id == null) {
                throw Problems.notFound("A customer with this phone");
            }
            return view(c, who.chainId(), id);
        });
    }

    public CustomerView byCard(StaffIdentity who, String card) {
        who.requireHeadOffice();
        FieldErrors errors = new FieldErrors();
        errors.text("card", card, true, 64);
        errors.throwIfAny();
        return tx.read(c -> {
            Long id = findId(c, who.chainId(), "card", card.strip());
            if (id == null) {
                throw Problems.notFound("A customer with this card");
            }
            return view(c, who.chainId(), id);
        });
    }

    public CustomerView get(StaffIdentity who, long id) {
        who.requireHeadOffice();
        return tx.read(c -> view(c, who.chainId(), id));
    }

    public List<LedgerEntryView> ledger(StaffIdentity who, long id, int limit) {
        who.requireHeadOffice();
        return tx.read(c -> {
            if (findRow(c, who.chainId(), id, false) == null) {
                throw notFound(id);
            }
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
        if (findRow(c, chainId, customerId, true) == null) {
            throw notFound(customerId);
        }
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
        return view;
    }

    private static String phoneRegion(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT phone_region FROM chains WHERE id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1).strip() : "RU";
            }
        }
    }

    private static Long findId(Connection c, long chainId, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM customers WHERE chain_id = ? AND " + column + " = ?")) {
            ps.setLong(1, chainId);
            ps.setString(2, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private CustomerView view(Connection c, long chainId, long id) throws SQLException {
        CustomerView row = findRow(c, chainId, id, false);
        if (row == null) {
            throw notFound(id);
        }
        Balance balance = ledger.balance(c, chainId, id, Instant.now());
        return new CustomerView(row.id(), row.phone(), row.card(), row.name(), row.birthDate(), row.language(),
                row.tier(), row.referralCode(), row.smsConsent(), row.consentAt(), row.createdAt(), balance);
    }

    /** The customer row (without balance), or null; {@code lock} takes the row lock of a balance change. */
    private static CustomerView findRow(Connection c, long chainId, long id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                COLUMNS + " WHERE chain_id = ? AND id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, chainId);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new CustomerView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getBoolean(9), rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class),
                        null);
            }
        }
    }

    private static ProblemException notFound(long id) {
        return Problems.notFound("Customer " + id);
    }
}
