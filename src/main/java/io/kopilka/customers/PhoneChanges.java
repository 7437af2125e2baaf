package io.kopilka.customers;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.AuditLog;
import io.kopilka.platform.Phones;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.Sql;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;

/**
 * A phone change at the till, confirmed by a code sent by SMS to the new phone: the customer proves they hold the
 * new number before it becomes their identity. One pending change per customer (a new request replaces it); only
 * a salted hash of the code is kept; 5 wrong codes or 10 minutes end it (docs/customers.md).
 */
@ApplicationScoped
public class PhoneChanges {

    public static final int MAX_TRIES = 5;
    public static final int VALID_MINUTES = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A change waiting for its code: the new phone masked as the cashier may see it. */
    public record Pending(long customerId, String newPhoneMasked, OffsetDateTime expiresAt, int triesLeft) {
    }

    private record Request(String newPhone, byte[] salt, byte[] hash, int triesLeft, Instant expiresAt) {
    }

    @Inject
    Transactions tx;

    @Inject
    TillChanges changes;

    @Inject
    CustomerLookup lookups;

    @Inject
    AuditLog audit;

    @Inject
    VerificationTexts texts;

    /** Stores the pending change, then sends its code: a gateway that is away leaves a change nobody can confirm. */
    public Pending request(TerminalIdentity till, long customerId, String newPhone, Instant now) {
        String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
        byte[] salt = Secrets.randomBytes(16);
        Instant expiresAt = now.plus(VALID_MINUTES, ChronoUnit.MINUTES);
        Customer customer = tx.inTransaction(c -> {
            Customer locked = changes.lockedOrNotFound(c, till, customerId);
            if (newPhone.equals(locked.phone())) {
                throw Problems.invalid("phone", "is already the customer's phone");
            }
            refuseTaken(c, till.chainId(), newPhone);
            keep(c, till, customerId, new Request(newPhone, salt, Secrets.hmacSha256(salt, code), MAX_TRIES, expiresAt), now);
            return locked;
        });
        texts.sendPhoneChangeCode(till.chainId(), customerId, newPhone, customer.language(), code, VALID_MINUTES);
        return new Pending(customerId, Phones.mask(newPhone), Ledger.odt(expiresAt), MAX_TRIES);
    }

    /**
     * The right code changes the phone; a wrong one costs a try. The refusal is decided inside the transaction and
     * thrown after it commits, so that a wrong code's lost try is kept.
     */
    public LookupResult confirm(TerminalIdentity till, long customerId, String code, Instant now) {
        ProblemException refusal = tx.inTransaction(c -> {
            Customer customer = changes.lockedOrNotFound(c, till, customerId);
            Request pending = pending(c, till.chainId(), customerId);
            if (pending == null) {
                return new ProblemException(404, "phone-change-not-found", "No phone change is pending",
                        "No phone change was requested for this customer, or it was already confirmed");
            }
            if (pending.triesLeft() <= 0 || !pending.expiresAt().isAfter(now)) {
                return expired(pending.triesLeft() <= 0 ? MAX_TRIES + " wrong codes were given" : "The code has expired");
            }
            if (!MessageDigest.isEqual(pending.hash(), Secrets.hmacSha256(pending.salt(), code))) {
                int left = loseTry(c, till.chainId(), customerId);
                return left == 0 ? expired(MAX_TRIES + " wrong codes were given")
                        : new ProblemException(422, "wrong-code", "The code is wrong",
                                "The code does not match the one sent to the new phone", List.of(), Map.of("tries_left", left));
            }
            refuseTaken(c, till.chainId(), pending.newPhone());
            try {
                changePhone(c, till.chainId(), customerId, pending.newPhone());
            } catch (SQLException e) {
                if (TillChanges.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw phoneTaken(); // enrolled with this phone by another till since the check
                }
                throw e;
            }
            audit.record(c, till, "change-phone", "customer", customerId, Map.of("phone", customer.phone()),
                    Map.of("phone", pending.newPhone()), now);
            return null;
        });
        if (refusal != null) {
            throw refusal;
        }
        return lookups.find(till, new CustomerRef(null, null, customerId), now);
    }

    private static ProblemException expired(String why) {
        return new ProblemException(410, "phone-change-expired", "The phone change has ended",
                why + "; request a new code");
    }

    private static void refuseTaken(Connection c, long chainId, String phone) throws SQLException {
        if (!Sql.rows(c, rs -> rs.getLong(1), "SELECT id FROM customers WHERE chain_id = ? AND phone = ?", chainId, phone)
                .isEmpty()) {
            throw phoneTaken();
        }
    }

    private static ProblemException phoneTaken() {
        return Problems.conflict("phone-taken", "The phone belongs to another customer",
                "Another customer of this chain is enrolled with this phone");
    }

    private static void keep(Connection c, TerminalIdentity till, long customerId, Request r, Instant now)
            throws SQLException {
        Sql.update(c, """
                INSERT INTO phone_changes (chain_id, customer_id, new_phone, code_salt, code_hash, tries_left, expires_at,
                                           store_id, terminal_id, requested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (chain_id, customer_id) DO UPDATE SET new_phone = excluded.new_phone,
                       code_salt = excluded.code_salt, code_hash = excluded.code_hash, tries_left = excluded.tries_left,
                       expires_at = excluded.expires_at, store_id = excluded.store_id,
                       terminal_id = excluded.terminal_id, requested_at = excluded.requested_at""",
                till.chainId(), customerId, r.newPhone(), r.salt(), r.hash(), r.triesLeft(), Ledger.odt(r.expiresAt()),
                till.storeId(), till.terminalId(), Ledger.odt(now));
    }

    private static Request pending(Connection c, long chainId, long customerId) throws SQLException {
        List<Request> rows = Sql.rows(c, rs -> new Request(rs.getString(1), rs.getBytes(2), rs.getBytes(3), rs.getInt(4),
                rs.getObject(5, OffsetDateTime.class).toInstant()), """
                SELECT new_phone, code_salt, code_hash, tries_left, expires_at FROM phone_changes
                 WHERE chain_id = ? AND customer_id = ?""", chainId, customerId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static int loseTry(Connection c, long chainId, long customerId) throws SQLException {
        return Sql.rows(c, rs -> rs.getInt(1), """
                UPDATE phone_changes SET tries_left = tries_left - 1 WHERE chain_id = ? AND customer_id = ?
                RETURNING tries_left""", chainId, customerId).get(0);
    }

    /**
     * The phone is the customer's identity from now on; messages still queued for them go to the new phone too,
     * since the old number may already belong to someone else.
     */
    private static void changePhone(Connection c, long chainId, long customerId, String phone) throws SQLException {
        Sql.update(c, "UPDATE customers SET phone = ? WHERE chain_id = ? AND id = ?", phone, chainId, customerId);
        Sql.update(c, "UPDATE sms_outbox SET phone = ? WHERE chain_id = ? AND customer_id = ? AND status = 'queued'",
                phone, chainId, customerId);
        Sql.update(c, "DELETE FROM phone_changes WHERE chain_id = ? AND customer_id = ?", chainId, customerId);
    }
}
