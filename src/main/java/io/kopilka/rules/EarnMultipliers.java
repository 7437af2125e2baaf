package io.kopilka.rules;

import java.math.BigDecimal;
import java.time.LocalTime;

import io.kopilka.rules.Programme.Multiplier;
import io.kopilka.rules.ReceiptInput.Occasion;

/**
 * Which earn multiplier a line gets. Matching multipliers do not stack: the highest factor wins, the
 * birthday multiplier included, so the cashier can say one number ("x2 today"). Dates, weekdays and
 * hours are the store's local time; a multiplier's from/to are read as local date-times of each store.
 */
public final class EarnMultipliers {

    public record Factor(BigDecimal value, String rule, String text) {
        static final Factor NONE = new Factor(BigDecimal.ONE, null, null);
    }

    private EarnMultipliers() {
    }

    public static Factor forLine(Programme p, String category, Occasion occasion) {
        Factor best = Factor.NONE;
        if (p.multipliers() != null && occasion != null && occasion.storeLocalTime() != null) {
            for (Multiplier m : p.multipliers()) {
                if (matches(m, category, occasion) && m.factor().compareTo(best.value()) > 0) {
                    String what = m.category() == null ? "everything" : m.category();
                    best = new Factor(m.factor(), "multiplier:" + what,
                            "x" + m.factor().stripTrailingZeros().toPlainString() + " points on " + what);
                }
            }
        }
        if (occasion != null && occasion.birthdayWindow() && p.birthday() != null && p.birthday().multiplier() != null
                && p.birthday().multiplier().compareTo(best.value()) > 0) {
            best = new Factor(p.birthday().multiplier(), "birthday",
                    "Birthday: x" + p.birthday().multiplier().stripTrailingZeros().toPlainString() + " points");
        }
        return best;
    }

    static boolean matches(Multiplier m, String category, Occasion o) {
        if (m.category() != null && (category == null || !m.category().equalsIgnoreCase(category))) {
            return false;
        }
        if (m.from() != null && o.storeLocalTime().isBefore(m.from().toLocalDateTime())) {
            return false;
        }
        if (m.to() != null && !o.storeLocalTime().isBefore(m.to().toLocalDateTime())) {
            return false;
        }
        if (m.weekdays() != null && !m.weekdays().isEmpty()
                && !m.weekdays().contains(o.storeLocalTime().getDayOfWeek().getValue())) {
            return false;
        }
        if (m.stores() != null && !m.stores().isEmpty() && (o.storeCode() == null || !m.stores().contains(o.storeCode()))) {
            return false;
        }
        if (m.hours() != null && !m.hours().isBlank()) {
            String[] parts = m.hours().split("-");
            LocalTime start = LocalTime.parse(parts[0]);
            LocalTime t = o.storeLocalTime().toLocalTime();
            boolean beforeEnd = "24:00".equals(parts[1]) || t.isBefore(LocalTime.parse(parts[1]));
            return !t.isBefore(start) && beforeEnd;
        }
        return true;
    }
}
