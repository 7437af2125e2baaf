package io.kopilka.campaigns;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import io.kopilka.platform.CampaignDefaults;

/**
 * A chain's rules for every message: quiet hours, the weekly cap, the price of one SMS part, where the
 * opt-out link points, and the birthday greeting and ready-made triggers it has switched on.
 */
public record CampaignSettings(String quietHoursStart, String quietHoursEnd, Integer weeklyCap,
        Long smsPartPriceMinor, String defaultLanguage, String defaultTimezone, String optOutBaseUrl,
        Birthday birthday, Trigger expiringPoints, Trigger winBack, Trigger welcome) {

    /**
     * Greeting on the birthday (or days_before it), with the programme's birthday points when grant_bonus.
     * holdout_percent: the control group's share, kept on the standing birthday campaign (not in this document).
     */
    public record Birthday(Boolean enabled, Integer daysBefore, Boolean grantBonus, Map<String, String> templates,
            Integer holdoutPercent) {

        Birthday withHoldout(Integer percent) {
            return new Birthday(enabled, daysBefore, grantBonus, templates, percent);
        }
    }

    /**
     * A ready-made trigger: days is the expiry horizon (expiring points) or the inactivity (win-back);
     * holdout_percent, the control group's share, is kept on the trigger's standing campaign (not in this document).
     */
    public record Trigger(Boolean enabled, Integer days, Map<String, String> templates, Integer holdoutPercent) {

        Trigger withHoldout(Integer percent) {
            return new Trigger(enabled, days, templates, percent);
        }
    }

    /** The settings with these control shares (null: none, as the stored document keeps them). */
    CampaignSettings withHoldouts(Integer birthdayShare, Integer expiringShare, Integer winBackShare, Integer welcomeShare) {
        return new CampaignSettings(quietHoursStart, quietHoursEnd, weeklyCap, smsPartPriceMinor, defaultLanguage,
                defaultTimezone, optOutBaseUrl, birthday == null ? null : birthday.withHoldout(birthdayShare),
                expiringPoints == null ? null : expiringPoints.withHoldout(expiringShare),
                winBack == null ? null : winBack.withHoldout(winBackShare), welcome == null ? null : welcome.withHoldout(welcomeShare));
    }

    /** The settings field of a standing campaign's kind. */
    static String field(String kind) {
        return "expiring".equals(kind) ? "expiring_points" : kind;
    }

    public static CampaignSettings defaults(String publicUrl) {
        return new CampaignSettings("21:00", "09:00", 2, CampaignDefaults.SMS_PART_PRICE_MINOR, "ru", CampaignDefaults.TIMEZONE, publicUrl,
                new Birthday(true, 0, true, Map.of(
                        "ru", "{name}, с днём рождения! Дарим вам {bonus_points} бонусов. Ждём вас в {store}!",
                        "uk", "{name}, з днем народження! Даруємо вам {bonus_points} бонусів. Чекаємо на вас у {store}!",
                        "bg", "{name}, честит рожден ден! Подаряваме ви {bonus_points} точки. Очакваме ви в {store}!",
                        "en", "Happy birthday, {name}! Here are {bonus_points} bonus points. See you at {store}!"), null),
                new Trigger(false, 7, Map.of(
                        "ru", "{name}, {expiring_points} бонусов сгорят {expiry_date}. Успейте потратить их в {store}!",
                        "uk", "{name}, {expiring_points} бонусів згорять {expiry_date}. Встигніть витратити їх у {store}!",
                        "bg", "{name}, {expiring_points} точки изтичат на {expiry_date}. Използвайте ги в {store}!",
                        "en", "{name}, {expiring_points} points expire on {expiry_date}. Use them at {store}!"), null),
                new Trigger(false, 60, Map.of(
                        "ru", "{name}, мы соскучились! На вашем счёте {balance} бонусов. Ждём вас в {store}.",
                        "uk", "{name}, ми скучили! На вашому рахунку {balance} бонусів. Чекаємо на вас у {store}.",
                        "bg", "{name}, липсвате ни! Имате {balance} точки. Очакваме ви в {store}.",
                        "en", "{name}, we miss you! You have {balance} points. See you at {store}."), null),
                new Trigger(false, null, Map.of(
                        "ru", "{name}, добро пожаловать в бонусную программу! Ваш баланс: {balance} бонусов.",
                        "uk", "{name}, ласкаво просимо до бонусної програми! Ваш баланс: {balance} бонусів.",
                        "bg", "{name}, добре дошли в бонус програмата! Вашият баланс: {balance} точки.",
                        "en", "{name}, welcome to our bonus programme! Your balance: {balance} points."), null));
    }

    public QuietHours quietHours() {
        return new QuietHours(LocalTime.parse(quietHoursStart), LocalTime.parse(quietHoursEnd));
    }

    public ZoneId zone() {
        return ZoneId.of(defaultTimezone);
    }
}
