package io.kopilka.admin.terminals;

import java.time.Instant;

/** A terminal as listed: never the key, only its first characters to tell keys apart. */
public record TerminalView(long id, long storeId, String name, String keyPrefix, Instant createdAt, Instant revokedAt) {

    static TerminalView of(Terminal t) {
        return new TerminalView(t.id, t.storeId, t.name, t.keyPrefix, t.createdAt, t.revokedAt);
    }
}
