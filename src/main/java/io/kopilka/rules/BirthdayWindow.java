package io.kopilka.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one birthday rule (docs/adr/0024-one-birthday-rule.md): whether a moment falls in a customer's birthday
 * window, and which birthday it belongs to, so that a bonus is paid once per birthday. A birthday of 29 February
 * is celebrated on 28 February in other years. The days are calendar days in the customer's zone
 * ({@link #zone}); a window may cross the new year (a 30 December birthday seen on 2 January belongs to the
 * old year's birthday).
 */
public record BirthdayWindow(int daysBefore, int daysAfter) {

    /** The day itself: what the cashier is told when the programme has no birthday rule, and the greeting day. */
    public static final BirthdayWindow ON_THE_DAY = new BirthdayWindow(0, 0);

    private static final MonthDay LEAP_DAY = MonthDay.of(2, 29);

    /** Longer windows would let two birthdays' windows touch, and a day must belong to one birthday. */
    private static final int MAX_DAYS = 180;

    public BirthdayWindow {
        if (daysBefore < 0 || daysAfter < 0 || daysBefore > MAX_DAYS || daysAfter > MAX_DAYS) {
            throw new IllegalArgumentException("a birthday window is 0 to " + MAX_DAYS + " days on each side");
        }
    }

    /** The programme's window (±window_days), or the day itself when the programme has no birthday rule. */
    public static BirthdayWindow of(Programme.Birthday birthday) {
        if (birthday == null || birthday.windowDays() == null) {
            return ON_THE_DAY;
        }
        return new BirthdayWindow(birthday.windowDays(), birthday.windowDays());
    }

    /** The zone a customer's birthday is counted in: their home store's, else the store where they stand. */
    public static ZoneId zone(ZoneId homeStoreZone, ZoneId fallbackZone) {
        return homeStoreZone != null ? homeStoreZone : fallbackZone;
    }

    /** The day the birthday is celebrated in that year. */
    public static LocalDate celebratedOn(MonthDay birthday, int year) {
        return birthday.equals(LEAP_DAY) && !birthday.isValidYear(year) ? LocalDate.of(year, 2, 28) : birthday.atYear(year);
    }

    /** The celebration nearest to the day (the earlier one on a tie): the birthday a day belongs to. */
    public static LocalDate nearest(MonthDay birthday, LocalDate day) {
        LocalDate best = null;
        long bestDistance = Long.MAX_VALUE;
        for (int year = day.getYear() - 1; year <= day.getYear() + 1; year++) {
            LocalDate celebration = celebratedOn(birthday, year);
            long distance = Math.abs(ChronoUnit.DAYS.between(celebration, day));
            if (distance < bestDistance) {
                best = celebration;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The celebration whose window holds this calendar day; its year is the birthday year. */
    public Optional<LocalDate> birthdayOn(MonthDay birthday, LocalDate day) {
        if (birthday == null || day == null) {
            return Optional.empty();
        }
        LocalDate celebration = nearest(birthday, day);
        long offset = ChronoUnit.DAYS.between(celebration, day);
        return offset >= -daysBefore && offset <= daysAfter ? Optional.of(celebration) : Optional.empty();
    }

    /** The celebration whose window holds this moment in the zone's calendar. */
    public Optional<LocalDate> birthdayAt(MonthDay birthday, ZoneId zone, Instant at) {
        return at == null ? Optional.empty() : birthdayOn(birthday, LocalDate.ofInstant(at, zone));
    }

    public boolean contains(MonthDay birthday, ZoneId zone, Instant at) {
        return birthdayAt(birthday, zone, at).isPresent();
    }
}
