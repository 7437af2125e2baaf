package io.kopilka.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** A remembered terminal key is served for less than its bound, and a revocation through this node ends it at once. */
class TerminalKeysTest {

    private static final long SECOND = 1_000_000_000L;
    private static final TerminalIdentity TILL = new TerminalIdentity(1, 7, 3, "S3", ZoneId.of("Europe/Moscow"), "RU");
    private static final TerminalIdentity OTHER = new TerminalIdentity(1, 8, 3, "S3", ZoneId.of("Europe/Moscow"), "RU");

    @Test
    void aKeyIsServedUntilItsBoundRunsOut() {
        TerminalKeys keys = new TerminalKeys(Duration.ofSeconds(5), 100);
        keys.put("aa", TILL, 100 * SECOND, keys.generation());
        assertEquals(TILL, keys.get("aa", 100 * SECOND));
        assertEquals(TILL, keys.get("aa", 105 * SECOND - 1));
        assertNull(keys.get("aa", 105 * SECOND), "looked up again once the bound has passed");
        assertNull(keys.get("aa", 101 * SECOND), "and gone from memory");
        assertNull(keys.get("bb", 100 * SECOND));
    }

    @Test
    void forgettingATerminalDropsOnlyItsKeyAndLookupsThatOverlappedIt() {
        TerminalKeys keys = new TerminalKeys(Duration.ofSeconds(5), 100);
        keys.put("aa", TILL, 0, keys.generation());
        keys.put("bb", OTHER, 0, keys.generation());
        long before = keys.generation();
        keys.forget(7);
        assertNull(keys.get("aa", 1));
        assertEquals(OTHER, keys.get("bb", 1));
        // a lookup that started before the revocation may have read the key still valid: it is not kept
        keys.put("aa", TILL, 2, before);
        assertNull(keys.get("aa", 3));
    }

    @Test
    void aZeroBoundKeepsNothing() {
        TerminalKeys keys = new TerminalKeys(Duration.ZERO, 100);
        assertFalse(keys.enabled());
        keys.put("aa", TILL, 0, keys.generation());
        assertNull(keys.get("aa", 0));
    }

    @Test
    void moreKeysThanTheLimitStartOver() {
        TerminalKeys keys = new TerminalKeys(Duration.ofSeconds(5), 2);
        keys.put("aa", TILL, 0, keys.generation());
        keys.put("bb", OTHER, 0, keys.generation());
        keys.put("cc", TILL, 0, keys.generation());
        assertNull(keys.get("aa", 1));
        assertEquals(TILL, keys.get("cc", 1));
    }
}
