package io.kopilka.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one birthday rule: which birthday (if any) a day or a moment belongs to. Pure, table-driven. */
class BirthdayWindowTest {

    private static final ZoneId VLADIVOSTOK = ZoneId.of("Asia/Vladivostok");
    private static final ZoneId KALININGRAD = ZoneId.of("Europe/Kaliningrad");

    /** Every day from five before to five after the celebration, for a ±3 window. */
    static Stream<Arguments> everyDayAround() {
        return Stream.of(
                around("05-17", "2026-05-17"),
                around("12-30", "2026-12-30"), // the window runs into January 2027
                around("01-02", "2027-01-02"), // the window starts in December 2026
                around("02-29", "2027-02-28"), // not a leap year: on 28 February
                around("02-29", "2028-02-29"),
                around("02-28", "2028-02-28"))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> around(String born, String celebratedOn) {
        LocalDate celebration = LocalDate.parse(celebratedOn);
        return IntStream.rangeClosed(-5, 5).mapToObj(offset -> Arguments.of(born, celebration.plusDays(offset).toString(),
                Math.abs(offset) <= 3 ? celebratedOn : null));
    }

    @ParameterizedTest(name = "born --{0}, on {1}: birthday of {2}")
    @MethodSource("everyDayAround")
    void everyDayAroundTheBirthdayBelongsToOneCelebration(String born, String day, String expected) {
        assertEquals(Optional.ofNullable(expected).map(LocalDate::parse),
                new BirthdayWindow(3, 3).birthdayOn(MonthDay.parse("--" + born), LocalDate.parse(day)));
    }

    static Stream<Arguments> edges() {
        return Stream.of(
                Arguments.of("02-29", "2027-02-28", 0, 0, "2027-02-28"),
                Arguments.of("02-29", "2027-03-01", 0, 0, null),
                Arguments.of("02-29", "2028-02-28", 0, 0, null),
                Arguments.of("02-29", "2028-02-29", 0, 0, "2028-02-29"),
                Arguments.of("02-29", "2027-03-01", 0, 1, "2027-02-28"),
                Arguments.of("02-29", "2028-03-01", 0, 1, "2028-02-29"),
                Arguments.of("02-28", "2028-02-29", 0, 0, null),
                Arguments.of("03-01", "2027-02-28", 0, 0, null),
                Arguments.of("12-31", "2027-01-01", 0, 1, "2026-12-31"),
                Arguments.of("12-31", "2027-01-01", 1, 0, null),
                Arguments.of("01-01", "2026-12-31", 1, 0, "2027-01-01"),
                Arguments.of("01-01", "2026-12-31", 0, 1, null),
                Arguments.of("05-17", "2026-05-15", 2, 0, "2026-05-17"),
                Arguments.of("05-17", "2026-05-18", 2, 0, null),
                Arguments.of("12-25", "2027-01-24", 0, 30, "2026-12-25"),
                Arguments.of("12-25", "2027-01-25", 0, 30, null));
    }

    @ParameterizedTest(name = "born --{0}, on {1}, {2} days before, {3} after: birthday of {4}")
    @MethodSource("edges")
    void leapDaysYearEndsAndUnevenWindows(String born, String day, int before, int after, String expected) {
        assertEquals(Optional.ofNullable(expected).map(LocalDate::parse),
                new BirthdayWindow(before, after).birthdayOn(MonthDay.parse("--" + born), LocalDate.parse(day)));
    }

    /** One moment, two calendars: Vladivostok is eight hours ahead of Kaliningrad. */
    static Stream<Arguments> zones() {
        return Stream.of(
                Arguments.of("05-17", "2026-05-16T13:59:00Z", VLADIVOSTOK, 0, null),
                Arguments.of("05-17", "2026-05-16T14:00:00Z", VLADIVOSTOK, 0, "2026-05-17"),
                Arguments.of("05-17", "2026-05-16T14:00:00Z", KALININGRAD, 0, null),
                Arguments.of("05-17", "2026-05-16T22:00:00Z", KALININGRAD, 0, "2026-05-17"),
                Arguments.of("05-17", "2026-05-17T13:59:59Z", VLADIVOSTOK, 0, "2026-05-17"),
                Arguments.of("05-17", "2026-05-17T14:00:00Z", VLADIVOSTOK, 0, null),
                Arguments.of("05-17", "2026-05-17T14:00:00Z", KALININGRAD, 0, "2026-05-17"),
                Arguments.of("05-17", "2026-05-17T21:59:59Z", KALININGRAD, 0, "2026-05-17"),
                Arguments.of("05-17", "2026-05-17T22:00:00Z", KALININGRAD, 0, null),
                Arguments.of("05-17", "2026-05-20T14:00:00Z", VLADIVOSTOK, 3, null),
                Arguments.of("05-17", "2026-05-20T14:00:00Z", KALININGRAD, 3, "2026-05-17"),
                Arguments.of("01-01", "2026-12-31T14:00:00Z", VLADIVOSTOK, 0, "2027-01-01"),
                Arguments.of("01-01", "2026-12-31T14:00:00Z", KALININGRAD, 0, null),
                Arguments.of("12-31", "2026-12-31T14:00:00Z", VLADIVOSTOK, 0, null),
                Arguments.of("12-31", "2026-12-31T14:00:00Z", KALININGRAD, 0, "2026-12-31"),
                Arguments.of("02-29", "2027-02-28T14:00:00Z", VLADIVOSTOK, 0, null),
                Arguments.of("02-29", "2027-02-28T14:00:00Z", KALININGRAD, 0, "2027-02-28"),
                Arguments.of("02-29", "2028-02-28T14:00:00Z", VLADIVOSTOK, 0, "2028-02-29"),
                Arguments.of("02-29", "2028-02-28T14:00:00Z", KALININGRAD, 0, null));
    }

    @ParameterizedTest(name = "born --{0}, at {1} in {2} ±{3}: birthday of {4}")
    @MethodSource("zones")
    void theMomentIsReadInTheCustomersZone(String born, String at, ZoneId zone, int window, String expected) {
        assertEquals(Optional.ofNullable(expected).map(LocalDate::parse),
                new BirthdayWindow(window, window).birthdayAt(MonthDay.parse("--" + born), zone, Instant.parse(at)));
    }

    @Test
    void theProgrammesWindowOrTheDayItself() {
        assertEquals(BirthdayWindow.ON_THE_DAY, BirthdayWindow.of(null));
        assertEquals(BirthdayWindow.ON_THE_DAY, BirthdayWindow.of(new Programme.Birthday(200L, null, null)));
        assertEquals(new BirthdayWindow(3, 3), BirthdayWindow.of(new Programme.Birthday(null, BigDecimal.valueOf(2), 3)));
        assertThrows(IllegalArgumentException.class, () -> new BirthdayWindow(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BirthdayWindow(0, 181));
    }

    @Test
    void theHomeStoresZoneElseTheStoresOwn() {
        assertEquals(VLADIVOSTOK, BirthdayWindow.zone(VLADIVOSTOK, KALININGRAD));
        assertEquals(KALININGRAD, BirthdayWindow.zone(null, KALININGRAD));
    }

    @Test
    void aDayOutsideAnyWindowStillBelongsToTheNearestBirthday() {
        MonthDay born = MonthDay.of(12, 30);
        assertEquals(LocalDate.parse("2026-12-30"), BirthdayWindow.nearest(born, LocalDate.parse("2027-02-10")));
        assertEquals(LocalDate.parse("2027-12-30"), BirthdayWindow.nearest(born, LocalDate.parse("2027-07-01")));
        assertEquals(LocalDate.parse("2027-02-28"), BirthdayWindow.nearest(MonthDay.of(2, 29), LocalDate.parse("2027-03-10")));
    }
}
