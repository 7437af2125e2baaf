package io.kopilka.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The hours of the night in which no message may reach a customer, in the customer's own time zone. */
public record QuietHours(LocalTime start, LocalTime end) {

    public static final QuietHours DEFAULT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0));

    public boolean isQuiet(Instant at, ZoneId zone) {
        return !nextAllowed(at, zone).equals(at);
    }

    /** {@code at} itself when sending is allowed then, otherwise the moment the window opens. */
    public Instant nextAllowed(Instant at, ZoneId zone) {
        if (start.equals(end)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        boolean overnight = start.isAfter(end);
        if (overnight) {
            if (!t.isBefore(start)) {
                return ZonedDateTime.of(day.plusDays(1), end, zone).toInstant();
            }
            if (t.isBefore(end)) {
                return ZonedDateTime.of(day, end, zone).toInstant();
            }
            return at;
        }
        if (!t.isBefore(start) && t.isBefore(end)) {
            return ZonedDateTime.of(day, end, zone).toInstant();
        }
        return at;
    }
}
