package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.customers.BirthdayBonus;
import io.kopilka.customers.Customer;
import io.kopilka.customers.Customers;
import io.kopilka.rules.BirthdayWindow;
import io.kopilka.reports.SegmentFilter;
import io.kopilka.rules.Programme;

/**
 * Today's birthday greetings of one chain: customers with consent whose birthday is today (or days_before
 * from today) in their home store's zone (else the campaign settings' default zone), once per birthday year
 * by the one birthday rule ({@link BirthdayWindow}), with the programme's birthday points
 * credited in the same transaction when the chain grants them with the greeting.
 */
@ApplicationScoped
public class BirthdayGreetings {

    private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MM-dd");

    private static final MonthDay LEAP_DAY = MonthDay.of(2, 29);

    /** The built-in greeting when the programme gives no birthday points. */
    private static final Map<String, String> WITHOUT_BONUS = Map.of(
            "ru", "{name}, с днём рождения! Ждём вас в {store}!",
            "uk", "{name}, з днем народження! Чекаємо на вас у {store}!",
            "bg", "{name}, честит рожден ден! Очакваме ви в {store}!",
            "en", "Happy birthday, {name}! See you at {store}!");

    @Inject
    ProgrammeVersions programmes;

    @Inject
    BirthdayBonus bonus;

    @Inject
    Customers customers;

    @Inject
    SegmentFilter segments;

    MessagePlan plan(long chainId, StandingCampaign campaign, CampaignSettings settings, Instant now) {
        CampaignSettings.Birthday b = settings.birthday();
        int daysBefore = b.daysBefore();
        Programme programme = programmes.active(chainId, now);
        long points = Boolean.TRUE.equals(b.grantBonus()) && programme.birthday() != null
                && programme.birthday().points() != null ? programme.birthday().points() : 0;
        Map<String, String> templates = b.templates();
        // only the built-in greeting promises points; a chain's own text is sent as written, whatever the points
        if (points == 0 && templates.equals(CampaignSettings.defaults(null).birthday().templates())) {
            templates = WITHOUT_BONUS;
        }
        AudienceQuery audience = new AudienceQuery(chainId, Audience.everyone(), now, settings.zone(), segments, null,
                candidateDays(now, daysBefore));
        MessagePlan.QueuedHook grant = points == 0 ? null : (c, ids) -> grant(c, chainId, ids, programme, settings, now);
        return new MessagePlan(chainId, campaign.id(), "birthday", templates, null, audience,
                r -> occasion(r, now, daysBefore), now, points, grant, campaign.holdoutPercent());
    }

    /** Month-days that are "today + days_before" somewhere on Earth now (29 February is greeted on the 28th). */
    static List<String> candidateDays(Instant now, int daysBefore) {
        List<String> days = new ArrayList<>();
        LocalDate utc = now.atZone(ZoneOffset.UTC).toLocalDate();
        for (int k = -1; k <= 1; k++) {
            LocalDate d = utc.plusDays(k + daysBefore);
            days.add(MONTH_DAY.format(d));
            if (BirthdayWindow.celebratedOn(LEAP_DAY, d.getYear()).equals(d) && !d.isLeapYear()) {
                days.add("02-29");
            }
        }
        return days;
    }

    /** The birthday year this greeting is for, or null when it is not the day in the customer's zone. */
    static String occasion(Recipient r, Instant now, int daysBefore) {
        if (r.birthDate() == null) {
            return null;
        }
        LocalDate target = now.atZone(r.zone()).toLocalDate().plusDays(daysBefore);
        return BirthdayWindow.ON_THE_DAY.birthdayOn(MonthDay.from(r.birthDate()), target)
                .map(birthday -> Integer.toString(birthday.getYear())).orElse(null);
    }

    private void grant(Connection c, long chainId, List<Long> customerIds, Programme programme, CampaignSettings settings,
            Instant now) throws SQLException {
        for (long id : customerIds) {
            Customer customer = customers.lock(c, chainId, id);
            bonus.grant(c, customer, programme, customer.homeStoreId(), null, now, settings.zone());
        }
    }
}
