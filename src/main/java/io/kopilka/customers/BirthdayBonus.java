package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.rules.BirthdayWindow;
import io.kopilka.rules.Programme;

/**
 * Birthday bonus points: on the customer's first confirmed receipt inside their birthday window (their home
 * store's time zone, else the store of the receipt), once per birthday year, available at once. The window and
 * the year come from {@link BirthdayWindow} (docs/adr/0024-one-birthday-rule.md).
 */
@ApplicationScoped
public class BirthdayBonus {

    @Inject
    Ledger ledger;

    /**
     * Whether a birthday bonus or multiplier applies to a receipt at this moment: the programme's window in the
     * customer's zone (the day itself when the programme has no birthday rule). The checkout and the cashier's
     * lookup both ask this, so they cannot disagree.
     */
    public static boolean inWindow(Customer customer, Programme p, Instant at, ZoneId storeZone) {
        return birthdayAt(customer, p, at, storeZone).isPresent();
    }

    /** The points this receipt would bring, or 0 (outside the window, no bonus, or already given this birthday). */
    public long due(Connection c, Customer customer, Programme p, Instant at, ZoneId fallbackZone) throws SQLException {
        if (p.birthday() == null || p.birthday().points() == null || p.birthday().points() <= 0) {
            return 0;
        }
        Optional<LocalDate> birthday = birthdayAt(customer, p, at, fallbackZone);
        if (birthday.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM birthday_bonuses WHERE chain_id = ? AND customer_id = ? AND year = ?")) {
            ps.setLong(1, customer.chainId());
            ps.setLong(2, customer.id());
            ps.setInt(3, birthday.get().getYear());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? 0 : p.birthday().points();
            }
        }
    }

    /** Records the grant (once per year, whatever races) and credits the points. */
    public boolean grant(Connection c, Customer customer, Programme p, Long storeId, Long receiptId, Instant now,
            ZoneId fallbackZone) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, BirthdayWindow.zone(customer.homeZone(), fallbackZone));
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO birthday_bonuses (chain_id, customer_id, year, granted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING year""")) {
            ps.setLong(1, customer.chainId());
            ps.setLong(2, customer.id());
            ps.setInt(3, BirthdayWindow.nearest(MonthDay.from(customer.birthDate()), today).getYear());
            ps.setObject(4, Ledger.odt(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
        }
        String reason = receiptId == null ? "birthday bonus with the birthday greeting" : "birthday bonus";
        ledger.credit(c, new Posting(customer.chainId(), customer.id(), storeId, receiptId, null, null, reason, now),
                EntryKind.birthday, p.birthday().points(), null, now, now.plus(p.expiryDays(), ChronoUnit.DAYS));
        return true;
    }

    private static Optional<LocalDate> birthdayAt(Customer customer, Programme p, Instant at, ZoneId storeZone) {
        if (customer.birthDate() == null) {
            return Optional.empty();
        }
        return BirthdayWindow.of(p.birthday()).birthdayAt(MonthDay.from(customer.birthDate()),
                BirthdayWindow.zone(customer.homeZone(), storeZone), at);
    }
}
