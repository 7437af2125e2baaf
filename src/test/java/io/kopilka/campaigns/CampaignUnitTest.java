package io.kopilka.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CampaignUnitTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @ParameterizedTest(name = "{0} local -> {1}")
    @CsvSource({
            "2026-11-23T12:00:00+03:00, 2026-11-23T12:00:00+03:00",
            "2026-11-23T09:00:00+03:00, 2026-11-23T09:00:00+03:00",
            "2026-11-23T08:59:00+03:00, 2026-11-23T09:00:00+03:00",
            "2026-11-23T20:59:00+03:00, 2026-11-23T20:59:00+03:00",
            "2026-11-23T21:00:00+03:00, 2026-11-24T09:00:00+03:00",
            "2026-11-23T23:30:00+03:00, 2026-11-24T09:00:00+03:00",
            "2026-11-24T00:10:00+03:00, 2026-11-24T09:00:00+03:00" })
    void quietHoursMoveTheSendToNineInTheMorning(String at, String expected) {
        assertEquals(Instant.parse(java.time.OffsetDateTime.parse(expected).toInstant().toString()),
                QuietHours.DEFAULT.nextAllowed(java.time.OffsetDateTime.parse(at).toInstant(), MOSCOW));
    }

    @Test
    void quietHoursAreTheCustomersOwn() {
        Instant noonMoscow = java.time.OffsetDateTime.parse("2026-11-23T12:00:00+03:00").toInstant();
        // 19:00 in Vladivostok is fine, 21:00 is not
        assertFalse(QuietHours.DEFAULT.isQuiet(noonMoscow, MOSCOW));
        assertTrue(QuietHours.DEFAULT.isQuiet(noonMoscow.plusSeconds(2 * 3600), ZoneId.of("Asia/Vladivostok")));
        assertFalse(new QuietHours(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(9, 0)).isQuiet(noonMoscow, MOSCOW));
    }

    @Test
    void templatesFillPlaceholdersAndRefuseUnknownOnes() {
        assertEquals("Anna, 120 points expire on 01.12.2026",
                MessageTemplate.render("{name}, {expiring_points} points expire on {expiry_date}",
                        Map.of("name", "Anna", "expiring_points", "120", "expiry_date", "01.12.2026")));
        assertEquals(List.of("nmae"), MessageTemplate.unknownPlaceholders("{nmae}, hi {balance}"));
        assertEquals("uk", MessageTemplate.languageFor(Map.of("ru", "a", "uk", "b"), "uk", "ru"));
        assertEquals("ru", MessageTemplate.languageFor(Map.of("ru", "a", "uk", "b"), "bg", "ru"));
        assertEquals("en", MessageTemplate.languageFor(Map.of("en", "a"), "bg", "ru"));
    }

    @Test
    void optOutTokensAreSignedPerChainAndMessage() {
        byte[] secret = new byte[32];
        secret[0] = 7;
        String url = OptOutLinks.url("https://bonus.example/", secret, 12, 345678);
        String token = url.substring("https://bonus.example/u/".length());
        assertTrue(OptOutLinks.verify(secret, token));
        assertEquals(new OptOutLinks.Target(12, 345678), OptOutLinks.parse(token));
        String forged = Long.toString(12, 36) + "." + Long.toString(345679, 36) + token.substring(token.lastIndexOf('.'));
        assertFalse(OptOutLinks.verify(secret, forged));
        assertFalse(OptOutLinks.verify(new byte[32], token));
        assertNull(OptOutLinks.parse("nonsense"));
        assertTrue(url.length() < 45, url);
    }

    @Test
    void birthdaysAreGreetedOnTheirDayInTheCustomersZoneAndLeapDayOnThe28th() {
        Instant at = java.time.OffsetDateTime.parse("2026-11-23T22:30:00+03:00").toInstant();
        Recipient moscow = recipient(LocalDate.of(1990, 11, 23), MOSCOW);
        Recipient vladivostok = recipient(LocalDate.of(1990, 11, 23), ZoneId.of("Asia/Vladivostok"));
        assertEquals("2026", BirthdayGreetings.occasion(moscow, at, 0));
        assertNull(BirthdayGreetings.occasion(vladivostok, at, 0), "already the 24th in Vladivostok");
        assertEquals("2026", BirthdayGreetings.occasion(recipient(LocalDate.of(1990, 11, 26), MOSCOW), at, 3));
        Instant feb28 = java.time.OffsetDateTime.parse("2027-02-28T12:00:00+03:00").toInstant();
        assertEquals("2027", BirthdayGreetings.occasion(recipient(LocalDate.of(2000, 2, 29), MOSCOW), feb28, 0));
        assertTrue(BirthdayGreetings.candidateDays(feb28, 0).contains("02-29"));
    }

    private static Recipient recipient(LocalDate birth, ZoneId zone) {
        return new Recipient(1, "+79160000000", "A", "ru", "S", zone, 0, 0, null, null, birth);
    }
}
