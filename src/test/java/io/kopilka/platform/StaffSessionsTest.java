package io.kopilka.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StaffSessionsTest {

    private static final byte[] SECRET = "unit-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOON = Instant.parse("2026-11-29T12:00:00Z");
    private static final StaffIdentity HEAD_OFFICE = new StaffIdentity(7, 42, "a@chain.test", StaffIdentity.HEAD_OFFICE, null);

    private static StaffSessions at(Instant now) {
        return new StaffSessions(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aSessionReadsBackUntilEightHoursHavePassed() {
        StaffSessions.Session opened = at(NOON).open(HEAD_OFFICE);
        String cookie = at(NOON).encode(opened);
        assertEquals(Optional.of(opened), at(NOON).decode(cookie));
        assertEquals(7, opened.chainId());
        assertEquals(42, opened.userId());
        assertEquals(NOON.plusSeconds(8 * 3600).getEpochSecond(), opened.expiresAt());
        assertTrue(at(NOON.plusSeconds(8 * 3600 - 1)).decode(cookie).isPresent());
        assertEquals(Optional.empty(), at(NOON.plusSeconds(8 * 3600)).decode(cookie));
    }

    @Test
    void eachSessionHasItsOwnCsrfToken() {
        assertNotEquals(at(NOON).open(HEAD_OFFICE).csrf(), at(NOON).open(HEAD_OFFICE).csrf());
        assertTrue(at(NOON).open(HEAD_OFFICE).csrf().length() >= 24, "at least 128 random bits");
    }

    @Test
    void anotherSecretOrAChangedByteIsRefused() {
        String cookie = at(NOON).encode(at(NOON).open(HEAD_OFFICE));
        StaffSessions otherSecret = new StaffSessions("another".getBytes(StandardCharsets.UTF_8), Clock.fixed(NOON, ZoneOffset.UTC));
        assertEquals(Optional.empty(), otherSecret.decode(cookie));
        for (int i = 0; i < cookie.length(); i++) {
            char c = cookie.charAt(i);
            String changed = cookie.substring(0, i) + (c == 'A' ? 'B' : 'A') + cookie.substring(i + 1);
            if (!changed.equals(cookie)) {
                assertEquals(Optional.empty(), at(NOON).decode(changed), "byte " + i);
            }
        }
        for (String junk : new String[] { null, "", ".", "abc", "abc.", ".abc", "a.b.c", "%%%.%%%", "x".repeat(600) }) {
            assertEquals(Optional.empty(), at(NOON).decode(junk), String.valueOf(junk));
        }
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOnlyOverHttps() {
        StaffSessions sessions = at(NOON);
        assertEquals("kopilka_session=v; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict", sessions.setCookie("v", false));
        assertEquals("kopilka_session=v; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure", sessions.setCookie("v", true));
    }
}
