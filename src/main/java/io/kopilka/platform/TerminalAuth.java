package io.kopilka.platform;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bearer terminal keys. Looked up on every request (one indexed read) rather than cached, so a
 * revoked key stops working at once on every node. Every known terminal's request then takes one token of its
 * rate limit.
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
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setBytes(1, Secrets.sha256(key));
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
