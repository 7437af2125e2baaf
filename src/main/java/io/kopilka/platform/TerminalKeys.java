package io.kopilka.platform;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Terminal keys this node looked up lately, by key hash, each kept for a bounded time after its lookup: a key
 * revoked on another node (or straight in the database) keeps working here for at most that bound
 * (docs/adr/0036-a-cheaper-receipt.md). Unknown and revoked keys are never kept.
 */
final class TerminalKeys {

    private record Entry(TerminalIdentity till, long loadedAtNanos) {
    }

    private final long boundNanos;
    private final int maxEntries;
    private final Map<String, Entry> byHash = new ConcurrentHashMap<>();
    /** Counts {@link #forget}s: a lookup that overlapped one is not kept (it may have read the key before). */
    private final AtomicLong forgets = new AtomicLong();

    TerminalKeys(Duration bound, int maxEntries) {
        this.boundNanos = bound.toNanos();
        this.maxEntries = maxEntries;
    }

    boolean enabled() {
        return boundNanos > 0;
    }

    /** The terminal looked up for this key hash less than the bound before {@code nowNanos}, or null. */
    TerminalIdentity get(String keyHash, long nowNanos) {
        Entry e = byHash.get(keyHash);
        if (e == null) {
            return null;
        }
        if (nowNanos - e.loadedAtNanos() >= boundNanos) {
            byHash.remove(keyHash, e);
            return null;
        }
        return e.till();
    }

    /** Taken before a lookup and given back to {@link #put}. */
    long generation() {
        return forgets.get();
    }

    void put(String keyHash, TerminalIdentity till, long nowNanos, long generation) {
        if (!enabled() || forgets.get() != generation) {
            return;
        }
        if (byHash.size() >= maxEntries) {
            byHash.clear(); // more keys than tills in any chain: start over rather than keep a bookkeeping of age
        }
        byHash.put(keyHash, new Entry(till, nowNanos));
    }

    /** Drops the terminal's key at once (revoked through this node). */
    void forget(long terminalId) {
        forgets.incrementAndGet();
        byHash.values().removeIf(e -> e.till().terminalId() == terminalId);
    }
}
