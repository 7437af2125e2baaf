package io.kopilka.platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer terminal keys. A key found in the database is kept in memory for {@code kopilka.pos.terminal-keys-cached-for}
 * (a few seconds; 0 looks every request up): a receipt then needs no connection of its own for its till. A key
 * revoked through this node stops working at once; revoked elsewhere, it works here until its bound runs out
 * (docs/adr/0036-a-cheaper-receipt.md). Every known terminal's request takes one token of its rate limit.
 */
@ApplicationScoped
public class TerminalAuth {

    private static final String SQL = """
            SELECT t.chain_id, t.id, t.store_id, s.code, s.timezone, c.phone_region
              FROM terminals t
              JOIN stores s ON s.chain_id = t.chain_id AND s.id = t.store_id
              JOIN chains c ON c.id = t.chain_id
             WHERE t.key_hash = ? AND t.revoked_at IS NULL""";

    @Inject
    Transactions tx;

    @Inject
    RateLimits limits;

    @ConfigProperty(name = "kopilka.pos.terminal-keys-cached-for")
    Duration cachedFor;

    private TerminalKeys keys;

    @PostConstruct
    void init() {
        keys = new TerminalKeys(cachedFor, 100_000);
    }

    /** The terminal's key stops working on this node now (its revocation is being committed). */
    public void forget(long terminalId) {
        keys.forget(terminalId);
    }

    public TerminalIdentity authenticate(String authorization) {
        TerminalIdentity till = lookUp(authorization);
        limits.terminal(till);
        return till;
    }

    private TerminalIdentity lookUp(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Problems.unauthorized("Send the terminal key as 'Authorization: Bearer <key>'");
        }
        String key = authorization.substring(7).trim();
        if (key.isEmpty() || key.length() > 128) {
            throw Problems.unauthorized("The terminal key is missing or malformed");
        }
        byte[] hash = Secrets.sha256(key);
        String cacheKey = keys.enabled() ? HexFormat.of().formatHex(hash) : null;
        long now = System.nanoTime();
        TerminalIdentity known = cacheKey == null ? null : keys.get(cacheKey, now);
        if (known != null) {
            return known;
        }
        long generation = keys.generation();
        TerminalIdentity till = lookUp(hash);
        if (cacheKey != null) {
            keys.put(cacheKey, till, now, generation);
        }
        return till;
    }

    private TerminalIdentity lookUp(byte[] hash) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setBytes(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw Problems.unauthorized("Unknown or revoked terminal key");
                    }
                    return new TerminalIdentity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                            ZoneId.of(rs.getString(5)), rs.getString(6));
                }
            }
        });
    }
}
