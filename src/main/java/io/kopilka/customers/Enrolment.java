package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Secrets;
import io.kopilka.platform.Sql;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.rules.Programme;

/** Enrols a customer at the till: consent is recorded with its time, store and terminal. */
@ApplicationScoped
public class Enrolment {

    public record Application(String phone, String card, String name, LocalDate birthDate, boolean smsConsent,
            String referralCode, String language, String preferredMode) {

        public Application(String phone, String card, String name, LocalDate birthDate, boolean smsConsent,
                String referralCode, String language) {
            this(phone, card, name, birthDate, smsConsent, referralCode, language, null);
        }
    }

    @Inject
    Transactions tx;

    @Inject
    Customers customers;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    Referrals referrals;

    @Inject
    CustomerEvents events;

    public Customer enrol(TerminalIdentity till, Application a, Instant now) {
        return tx.inTransaction(c -> {
            Customer created = insert(c, till, a, now);
            events.enrolled(c, created, till.storeId(), now);
            Programme p = programmes.active(till.chainId(), now);
            if (created.referredBy() != null) {
                referrals.welcomeFriend(c, created, p, till.storeId(), now);
            }
            if (p.welcomePoints() > 0) {
                ledger.credit(c, new Posting(till.chainId(), created.id(), till.storeId(), null, null, null,
                        "welcome bonus", now), EntryKind.welcome, p.welcomePoints(), null, now,
                        now.plus(p.expiryDays(), ChronoUnit.DAYS));
            }
            return created;
        });
    }

    private Customer insert(Connection c, TerminalIdentity till, Application a, Instant now) throws SQLException {
        Long referrer = null;
        if (a.referralCode() != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, phone, card FROM customers WHERE chain_id = ? AND referral_code = ?")) {
                ps.setLong(1, till.chainId());
                ps.setString(2, a.referralCode().toUpperCase());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw Problems.invalid("referral_code", "no customer has this referral code");
                    }
                    if (rs.getString(2).equals(a.phone()) || (a.card() != null && a.card().equals(rs.getString(3)))) {
                        throw Problems.unprocessable("self-referral", "A customer cannot refer themselves",
                                "The referral code belongs to the customer with this " + (rs.getString(2).equals(a.phone()) ? "phone" : "card"));
                    }
                    referrer = rs.getLong(1);
                }
            }
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO customers (chain_id, phone, card, name, birth_date, language, home_store_id, referral_code,
                                           referred_by, sms_consent, consent_at, consent_store_id, consent_terminal_id, created_at,
                                           preferred_mode)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING RETURNING id""")) {
                String code = Secrets.shortCode(7);
                ps.setLong(1, till.chainId());
                ps.setString(2, a.phone());
                ps.setString(3, a.card());
                ps.setString(4, a.name());
                ps.setObject(5, a.birthDate());
                ps.setString(6, a.language() == null ? "ru" : a.language());
                ps.setLong(7, till.storeId());
                ps.setString(8, code);
                ps.setObject(9, referrer);
                ps.setBoolean(10, a.smsConsent());
                ps.setObject(11, a.smsConsent() ? Ledger.odt(now) : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(12, a.smsConsent() ? till.storeId() : null, java.sql.Types.BIGINT);
                ps.setObject(13, a.smsConsent() ? till.terminalId() : null, java.sql.Types.BIGINT);
                ps.setObject(14, Ledger.odt(now));
                ps.setString(15, a.preferredMode());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        // the answer given at enrolment opens the customer's consent history (docs/customers.md)
                        Sql.update(c, """
                                INSERT INTO consent_events (chain_id, customer_id, consent, source, store_id, terminal_id, at)
                                VALUES (?, ?, ?, 'enrolment', ?, ?, ?)""", till.chainId(), id, a.smsConsent(), till.storeId(),
                                till.terminalId(), Ledger.odt(now));
                        return customers.lock(c, till.chainId(), id);
                    }
                }
            }
            explainConflict(c, till.chainId(), a);
            // otherwise the random referral code collided: draw another
        }
        throw new IllegalStateException("could not draw a free referral code");
    }

    private void explainConflict(Connection c, long chainId, Application a) throws SQLException {
        Customer byPhone = customers.find(c, chainId, new CustomerRef(a.phone(), null, null), false);
        if (byPhone != null) {
            throw Problems.conflict("customer-exists", "The customer is already enrolled",
                    "A customer with this phone is already enrolled", Map.of("customer_id", byPhone.id()));
        }
        if (a.card() != null) {
            Customer byCard = customers.find(c, chainId, new CustomerRef(null, a.card(), null), false);
            if (byCard != null) {
                throw Problems.conflict("card-taken", "The card belongs to another customer",
                        "This card is already issued to another customer", Map.of("customer_id", byCard.id()));
            }
        }
    }
}
