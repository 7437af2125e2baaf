package io.kopilka.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses impossible programmes before they are stored: each mistake is reported with the JSON path of
 * the field, so head office sees every problem of a draft at once.
 */
public final class ProgrammeValidator {

    public record Violation(String field, String message) {
    }

    private static final Pattern HOURS = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d|24:00");
    private static final Pattern CODE = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ProgrammeValidator() {
    }

    public static List<Violation> check(Programme p) {
        List<Violation> v = new ArrayList<>();
        if (p.effectiveFrom() == null) {
            v.add(new Violation("effective_from", "is required"));
        }
        range(v, "point_value_minor", p.pointValueMinor(), 1, 1_000_000);
        if (p.earnMode() == null) {
            v.add(new Violation("earn_mode", "must be bonus, discount or choice"));
        }
        if (p.earnOn() == null) {
            v.add(new Violation("earn_on", "must be paid_amount, none_when_redeeming or full"));
        }
        range(v, "max_redeem_share_pct", p.maxRedeemSharePct(), 0, 100);
        range(v, "min_line_price_pct", p.minLinePricePct(), 0, 100);
        range(v, "accrual_delay_days", p.accrualDelayDays(), 0, 365);
        range(v, "expiry_days", p.expiryDays(), 1, 3650);
        range(v, "hold_ttl_minutes", p.holdTtlMinutes(), 1, 1440);
        range(v, "welcome_points", p.welcomePoints(), 0, 1_000_000);
        tiers(v, p.tiers());
        categories(v, p.categories());
        multipliers(v, p.multipliers());
        if (p.birthday() != null) {
            Programme.Birthday b = p.birthday();
            if (b.points() != null) {
                range(v, "birthday.points", b.points(), 0, 1_000_000);
            }
            if (b.multiplier() != null && (b.multiplier().compareTo(BigDecimal.ONE) < 0 || b.multiplier().compareTo(BigDecimal.TEN) > 0)) {
                v.add(new Violation("birthday.multiplier", "must be between 1 and 10"));
            }
            if (b.windowDays() != null) {
                range(v, "birthday.window_days", b.windowDays(), 0, 30);
            }
        }
        if (p.referral() != null) {
            Programme.Referral r = p.referral();
            nonNegative(v, "referral.friend_points", r.friendPoints());
            nonNegative(v, "referral.referrer_points", r.referrerPoints());
            nonNegative(v, "referral.min_receipt_minor", r.minReceiptMinor());
            if (r.monthlyCap() != null) {
                range(v, "referral.monthly_cap", r.monthlyCap(), 0, 10_000);
            }
        }
        return v;
    }

    private static void tiers(List<Violation> v, List<Programme.Tier> tiers) {
        if (tiers == null || tiers.isEmpty()) {
            v.add(new Violation("tiers", "at least one tier is required"));
            return;
        }
        Set<String> codes = new HashSet<>();
        Set<Long> thresholds = new HashSet<>();
        boolean hasZero = false;
        for (int i = 0; i < tiers.size(); i++) {
            Programme.Tier t = tiers.get(i);
            String f = "tiers[" + i + "]";
            if (t.code() == null || !CODE.matcher(t.code()).matches()) {
                v.add(new Violation(f + ".code", "must be 1-32 of a-z 0-9 _ -"));
            } else if (!codes.add(t.code())) {
                v.add(new Violation(f + ".code", "is used by another tier"));
            }
            if (t.name() == null || t.name().isBlank() || t.name().length() > 64) {
                v.add(new Violation(f + ".name", "is required, at most 64 characters"));
            }
            if (t.minSpendMinor() < 0) {
                v.add(new Violation(f + ".min_spend_minor", "must not be negative"));
            } else if (!thresholds.add(t.minSpendMinor())) {
                v.add(new Violation(f + ".min_spend_minor", "overlaps another tier with the same threshold"));
            }
            hasZero |= t.minSpendMinor() == 0;
            if (t.ratePct() == null || t.ratePct().signum() < 0 || t.ratePct().compareTo(HUNDRED) > 0) {
                v.add(new Violation(f + ".rate_pct", "must be between 0 and 100"));
            } else if (t.ratePct().stripTrailingZeros().scale() > 2) {
                v.add(new Violation(f + ".rate_pct", "must have at most 2 decimals"));
            }
        }
        if (!hasZero) {
            v.add(new Violation("tiers", "one tier must start at min_spend_minor 0, so every customer has a tier"));
        }
    }

    private static void categories(List<Violation> v, List<Programme.CategoryRule> categories) {
        if (categories == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < categories.size(); i++) {
            Programme.CategoryRule c = categories.get(i);
            String f = "categories[" + i + "]";
            if (c.category() == null || c.category().isBlank() || c.category().length() > 128) {
                v.add(new Violation(f + ".category", "is required, at most 128 characters"));
            } else if (!seen.add(c.category().toLowerCase())) {
                v.add(new Violation(f + ".category", "appears twice"));
            }
            if (c.minLinePricePct() != null) {
                range(v, f + ".min_line_price_pct", c.minLinePricePct(), 0, 100);
            }
        }
    }

    private static void multipliers(List<Violation> v, List<Programme.Multiplier> multipliers) {
        if (multipliers == null) {
            return;
        }
        for (int i = 0; i < multipliers.size(); i++) {
            Programme.Multiplier m = multipliers.get(i);
            String f = "multipliers[" + i + "]";
            if (m.factor() == null || m.factor().signum() <= 0 || m.factor().compareTo(BigDecimal.TEN) > 0) {
                v.add(new Violation(f + ".factor", "must be above 0 and at most 10"));
            }
            if (m.from() != null && m.to() != null && !m.from().isBefore(m.to())) {
                v.add(new Violation(f + ".to", "must be after from"));
            }
            if (m.weekdays() != null) {
                for (Integer d : m.weekdays()) {
                    if (d == null || d < 1 || d > 7) {
                        v.add(new Violation(f + ".weekdays", "days are 1 (Monday) to 7 (Sunday)"));
                        break;
                    }
                }
            }
            if (m.hours() != null && !validHours(m.hours())) {
                v.add(new Violation(f + ".hours", "must look like 10:00-14:00"));
            }
        }
    }

    static boolean validHours(String hours) {
        if (!hours.matches("\\d{2}:\\d{2}-\\d{2}:\\d{2}")) {
            return false;
        }
        String[] parts = hours.split("-");
        return (HOURS.matcher(parts[0] + "-" + parts[0]).matches() || "24:00".equals(parts[0]))
                && (parts[1].equals("24:00") || HOURS.matcher(parts[1] + "-" + parts[1]).matches())
                && parts[0].compareTo(parts[1]) < 0;
    }

    private static void range(List<Violation> v, String field, long value, long min, long max) {
        if (value < min || value > max) {
            v.add(new Violation(field, "must be between " + min + " and " + max));
        }
    }

    private static void nonNegative(List<Violation> v, String field, Long value) {
        if (value != null && value < 0) {
            v.add(new Violation(field, "must not be negative"));
        }
    }
}
