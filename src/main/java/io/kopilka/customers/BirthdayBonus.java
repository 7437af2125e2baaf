package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.rules.BirthdayWindow;
import io.kopilka.rules.Programme;

/**
 * Birthday bonus points: on the customer's first confirmed receipt inside their birthday window (their home
 * store's time zone), once per birthday year, available at once.
 */
@ApplicationScoped
public class BirthdayBonus {

    @Inject
    Ledger ledger;

    /** The points this receipt would bring, or 0 (outside the window, no bonus, or already given this year). */
    public long due(Connection c, Customer customer, Programme p, Instant at, ZoneId fallbackZone) throws SQLException {
        if (p.birthday() == null || p.birthday().points() == null || p.birthday().points() <= 0 || customer.birthDate() == null) {
            return 0;
        }
        int window = p.birthday().windowDays() == null ? 0 : p.birthday().windowDays();
        LocalDate today = at.atZone(customer.homeZone() != null ? customer.homeZone() : fallbackZone).toLocalDate();
        if (!BirthdayWindow.contains(customer.birthDate(), today, window)) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM birthday_bonuses WHERE chain_id = ? AND customer_id = ? AND year = ?")) {
            ps.setLong(1, customer.chainId());
            ps.setLong(2, customer.id());
            ps.setInt(3, birthdayYear(customer.birthDate(), today));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? 0 : p.birthday().points();
            }
        }
    }

    /** Records the grant (once per year, whatever races) and credits the points. */
    public boolean grant(Connection c, Customer customer, Programme p, Long storeId, Long receiptId, Instant now,
            ZoneId fallbackZone) throws SQLException {
        LocalDate today = now.atZone(customer.homeZone() != null ? customer.homeZone() : fallbackZone).toLocalDate();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO birthday_bonuses (chain_id, customer_id, year, granted_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING year""")) {
            ps.setLong(1, customer.chainId());
            ps.setLong(2, customer.id());
            ps.setInt(3, birthdayYear(customer.birthDate(), today));
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

    /** The year of the birthday the window belongs to (a 30 December birthday seen on 2 January counts for the old year). */
    static int birthdayYear(LocalDate birthDate, LocalDate today) {
        int best = today.getYear();
        long bestDistance = Long.MAX_VALUE;
        for (int y = today.getYear() - 1; y <= today.getYear() + 1; y++) {
            LocalDate d = birthDate.withYear(y);
            long distance = Math.abs(ChronoUnit.DAYS.between(d, today));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = y;
            }
        }
        return best;
    }
}
