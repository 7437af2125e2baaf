package io.kopilka.campaigns;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.PlainText;

/** Checks campaigns and campaign settings before they are stored; every mistake is reported at once. */
final class CampaignValidator {

    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9]{0,8}");
    private static final int MAX_TEMPLATE = 1000;

    private CampaignValidator() {
    }

    static void campaign(CampaignRequest r) {
        FieldErrors e = new FieldErrors();
        e.text("name", r.name(), true, 128);
        templates(e, "templates", r.templates(), true);
        if (r.audience() != null) {
            audience(e, r.audience());
        }
        if (r.weeklyCap() != null && (r.weeklyCap() < 1 || r.weeklyCap() > 50)) {
            e.add("weekly_cap", "must be between 1 and 50");
        }
        range(e, "holdout_percent", r.holdoutPercent(), 0, Holdout.MAX_PERCENT);
        boolean usesCode = r.templates() != null && r.templates().values().stream()
                .anyMatch(t -> t != null && MessageTemplate.uses(t, "promo_code"));
        if (usesCode && r.personalPromo() == null) {
            e.add("personal_promo", "is required when a template uses {promo_code}");
        }
        if (r.personalPromo() != null) {
            promo(e, r.personalPromo());
        }
        e.throwIfAny();
    }

    static void settings(CampaignSettings s) {
        FieldErrors e = new FieldErrors();
        time(e, "quiet_hours_start", s.quietHoursStart());
        time(e, "quiet_hours_end", s.quietHoursEnd());
        if (s.weeklyCap() != null && (s.weeklyCap() < 1 || s.weeklyCap() > 50)) {
            e.add("weekly_cap", "must be between 1 and 50");
        }
        if (s.smsPartPriceMinor() != null && (s.smsPartPriceMinor() < 0 || s.smsPartPriceMinor() > 1_000_000)) {
            e.add("sms_part_price_minor", "must be between 0 and 1000000");
        }
        if (s.defaultLanguage() != null && !MessageTemplate.LANGUAGES.contains(s.defaultLanguage())) {
            e.add("default_language", "must be one of " + MessageTemplate.LANGUAGES);
        }
        if (s.defaultTimezone() != null) {
            try {
                ZoneId.of(s.defaultTimezone());
            } catch (DateTimeException ex) {
                e.add("default_timezone", "is not an IANA time zone");
            }
        }
        if (s.optOutBaseUrl() != null && (!s.optOutBaseUrl().matches("https?://[^\\s]{1,120}"))) {
            e.add("opt_out_base_url", "must be an http(s) URL of at most 128 characters");
        }
        if (s.birthday() != null) {
            if (s.birthday().daysBefore() != null && (s.birthday().daysBefore() < 0 || s.birthday().daysBefore() > 30)) {
                e.add("birthday.days_before", "must be between 0 and 30");
            }
            templates(e, "birthday.templates", s.birthday().templates(), false);
            range(e, "birthday.holdout_percent", s.birthday().holdoutPercent(), 0, Holdout.MAX_PERCENT);
        }
        trigger(e, "expiring_points", s.expiringPoints(), 1, 90);
        trigger(e, "win_back", s.winBack(), 7, 730);
        trigger(e, "welcome", s.welcome(), 0, 0);
        e.throwIfAny();
    }

    private static void trigger(FieldErrors e, String field, CampaignSettings.Trigger t, int min, int max) {
        if (t == null) {
            return;
        }
        if (t.days() != null && max > 0 && (t.days() < min || t.days() > max)) {
            e.add(field + ".days", "must be between " + min + " and " + max);
        }
        templates(e, field + ".templates", t.templates(), false);
        range(e, field + ".holdout_percent", t.holdoutPercent(), 0, Holdout.MAX_PERCENT);
    }

    private static void audience(FieldErrors e, Audience a) {
        if (a.segments() != null) {
            for (String s : a.segments()) {
                if (!Audience.SEGMENTS.contains(s)) {
                    e.add("audience.segments", "unknown segment '" + s + "'; known: " + Audience.SEGMENTS);
                }
            }
        }
        range(e, "audience.inactive_days", a.inactiveDays(), 1, 3650);
        range(e, "audience.expiring_within_days", a.expiringWithinDays(), 1, 365);
        range(e, "audience.birthday_month", a.birthdayMonth(), 1, 12);
        if (a.tiers() != null && a.tiers().size() > 50) {
            e.add("audience.tiers", "at most 50");
        }
        for (String list : List.of("store_ids", "franchisee_ids")) {
            List<Long> ids = "store_ids".equals(list) ? a.storeIds() : a.franchiseeIds();
            if (ids != null && ids.size() > 5000) {
                e.add("audience." + list, "at most 5000");
            }
        }
    }

    private static void promo(FieldErrors e, PersonalPromo p) {
        String kind = p.kind();
        if (kind == null || !List.of("percent", "fixed", "points").contains(kind)) {
            e.add("personal_promo.kind", "must be percent, fixed or points");
            return;
        }
        if ("percent".equals(kind) && (p.percent() == null || p.percent().compareTo(BigDecimal.ZERO) <= 0
                || p.percent().compareTo(BigDecimal.valueOf(100)) > 0)) {
            e.add("personal_promo.percent", "must be more than 0 and at most 100");
        }
        if ("fixed".equals(kind) && (p.amountMinor() == null || p.amountMinor() <= 0 || p.amountMinor() > 100_000_000_000L)) {
            e.add("personal_promo.amount_minor", "must be between 1 and 10^11");
        }
        if ("points".equals(kind) && (p.points() == null || p.points() <= 0 || p.points() > 1_000_000)) {
            e.add("personal_promo.points", "must be between 1 and 1000000");
        }
        range(e, "personal_promo.valid_days", p.validDays(), 1, 365);
        if (p.prefix() != null && !PREFIX.matcher(p.prefix()).matches()) {
            e.add("personal_promo.prefix", "must be at most 8 letters or digits");
        }
    }

    private static void templates(FieldErrors e, String field, Map<String, String> templates, boolean required) {
        if (templates == null || templates.isEmpty()) {
            if (required) {
                e.add(field, "at least one language is required");
            }
            return;
        }
        templates.forEach((language, text) -> {
            if (!MessageTemplate.LANGUAGES.contains(language)) {
                e.add(field + "." + language, "unknown language; known: " + MessageTemplate.LANGUAGES);
            } else if (text == null || text.isBlank()) {
                e.add(field + "." + language, "is empty");
            } else if (text.length() > MAX_TEMPLATE) {
                e.add(field + "." + language, "must be at most " + MAX_TEMPLATE + " characters");
            } else if (PlainText.notMultiline(text) != null) {
                e.add(field + "." + language, PlainText.notMultiline(text));
            } else if (!MessageTemplate.unknownPlaceholders(text).isEmpty()) {
                e.add(field + "." + language, "unknown placeholders " + MessageTemplate.unknownPlaceholders(text)
                        + "; known: " + MessageTemplate.PLACEHOLDERS);
            }
        });
    }

    private static void time(FieldErrors e, String field, String value) {
        if (value != null && !HH_MM.matcher(value).matches()) {
            e.add(field, "must be HH:MM");
        } else if (value != null) {
            LocalTime.parse(value);
        }
    }

    private static void range(FieldErrors e, String field, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) {
            e.add(field, "must be between " + min + " and " + max);
        }
    }
}
