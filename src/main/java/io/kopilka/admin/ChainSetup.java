package io.kopilka.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import io.kopilka.admin.users.Credentials;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.rules.Programme;

/**
 * A chain (tenant) with its default programme and first head-office admin: what start-up creates on an empty
 * database, what the platform operator's {@code chains create} creates, and what the demo builds on.
 */
@ApplicationScoped
public class ChainSetup {

    @Inject
    Transactions tx;

    @Inject
    ProgrammeVersions programmes;

    /** A chain to create; the password is never printed. */
    public record NewChain(String name, String currency, String phoneRegion, String adminEmail, String adminPassword) {

        @Override
        public String toString() {
            return "NewChain[name=" + name + ", currency=" + currency + ", phoneRegion=" + phoneRegion
                    + ", adminEmail=" + adminEmail + "]";
        }
    }

    /** A chain as the operator's list shows it, with how much it holds. */
    public record ChainSummary(long id, String name, String currency, Instant createdAt, long stores, long terminals,
            long customers) {
    }

    /**
     * Checks the whole request (400 {@code validation-failed} naming the fields {@code name}, {@code currency},
     * {@code phone_region}, {@code admin_email}, {@code admin_password}), then creates the chain and its admin in one
     * transaction, or nothing: 409 {@code email-taken} when a user of any chain has the email.
     *
     * @return the new chain's id
     */
    public long create(NewChain chain) {
        return tx.inTransaction(c -> create(c, chain));
    }

    /** {@link #create(NewChain)} inside the caller's transaction (start-up's, which holds its lock). */
    public long create(Connection c, NewChain chain) throws SQLException {
        FieldErrors errors = new FieldErrors();
        errors.text("name", chain.name(), true, 128);
        if (!isCurrency(chain.currency())) {
            errors.add("currency", "must be an ISO 4217 code in capitals, e.g. RUB");
        }
        if (chain.phoneRegion() == null || !PhoneNumberUtil.getInstance().getSupportedRegions().contains(chain.phoneRegion())) {
            errors.add("phone_region", "must be an ISO 3166 region in capitals, e.g. RU");
        }
        Credentials.check(errors, "admin_email", chain.adminEmail(), "admin_password", chain.adminPassword());
        errors.throwIfAny();
        String email = chain.adminEmail().strip();
        if (!Sql.rows(c, rs -> rs.getLong(1), "SELECT id FROM users WHERE lower(email) = lower(?)", email).isEmpty()) {
            throw Credentials.emailTaken();
        }
        long chainId = createChain(c, chain.name().strip(), chain.currency(), chain.phoneRegion());
        try {
            createUser(c, chainId, email, chain.adminPassword(), StaffIdentity.HEAD_OFFICE, null);
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw Credentials.emailTaken(); // another create with this email committed after the check above
            }
            throw e;
        }
        return chainId;
    }

    /** Every chain, oldest first. */
    public List<ChainSummary> list() {
        return tx.read(c -> Sql.rows(c, rs -> new ChainSummary(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5), rs.getLong(6), rs.getLong(7)), """
                SELECT ch.id, ch.name, ch.currency, ch.created_at,
                       (SELECT count(*) FROM stores s WHERE s.chain_id = ch.id),
                       (SELECT count(*) FROM terminals t WHERE t.chain_id = ch.id AND t.revoked_at IS NULL),
                       (SELECT count(*) FROM customers cu WHERE cu.chain_id = ch.id)
                FROM chains ch ORDER BY ch.id"""));
    }

    private static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A chain with the default programme, effective from its creation. */
    public long createChain(Connection c, String name, String currency, String region) throws SQLException {
        return createChain(c, name, currency, region, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** A chain whose default programme takes effect at {@code programmeFrom} (the demo's history starts earlier). */
    public long createChain(Connection c, String name, String currency, String region, OffsetDateTime programmeFrom)
            throws SQLException {
        return createChain(c, name, currency, region, Programme.defaults(programmeFrom));
    }

    /** A chain whose first programme is {@code first} (the demo's, with its tier named in the chain's language). */
    public long createChain(Connection c, String name, String currency, String region, Programme first)
            throws SQLException {
        long chainId = Sql.insertReturningId(c, "INSERT INTO chains (name, currency, phone_region) VALUES (?, ?, ?) RETURNING id",
                name, currency, region);
        programmes.insert(c, chainId, first, null);
        return chainId;
    }

    /** A user of the chain with a bcrypt hash of the password (the caller has checked both). */
    public long createUser(Connection c, long chainId, String email, String password, String role, Long franchiseeId)
            throws SQLException {
        return Sql.insertReturningId(c,
                "INSERT INTO users (chain_id, email, password_hash, role, franchisee_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
                chainId, email, Secrets.hashPassword(password), role, franchiseeId);
    }
}
