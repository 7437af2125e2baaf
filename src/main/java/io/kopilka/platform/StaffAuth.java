package io.kopilka.platform;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * HTTP Basic for head-office and franchisee users. bcrypt is slow by design, so a successful check
 * is remembered per (email, password) together with the hash it was checked against: a password
 * change or a disabled user takes effect on the next request. The remembered key is an HMAC under a random key of
 * this process, never a plain hash of the credentials, and at most {@link #CACHED_LOGINS} are kept. An email with
 * too many wrong passwords is locked by {@link LoginThrottle} before anything else is done.
 */
@ApplicationScoped
public class StaffAuth {

    private static final String SQL = """
            SELECT chain_id, id, email, role, franchisee_id, password_hash
              FROM users WHERE lower(email) = lower(?) AND disabled_at IS NULL""";

    private static final String BY_ID = """
            SELECT chain_id, id, email, role, franchisee_id
              FROM users WHERE chain_id = ? AND id = ? AND disabled_at IS NULL""";

    private static final int CACHED_LOGINS = 10_000;

    private final byte[] cacheKey = Secrets.randomBytes(32);
    private final Cache<String, String> verified = Caffeine.newBuilder().maximumSize(CACHED_LOGINS).build();

    @Inject
    Transactions tx;

    @Inject
    LoginThrottle throttle;

    public StaffIdentity authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw Problems.unauthorized("Send user credentials with HTTP Basic authentication");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problems.unauthorized("Malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw Problems.unauthorized("Malformed Basic credentials");
        }
        return check(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** Verifies an email and password; also used by the console's login form. */
    public StaffIdentity check(String email, String password) {
        if (email.length() > 128 || Secrets.passwordTooLong(password) || PlainText.unstorable(email) != null) {
            throw Problems.unauthorized("Wrong email or password");
        }
        throttle.refuseIfLocked(email);
        StaffIdentity who = verify(email, password);
        if (who == null) {
            // counted after the user's connection is back in the pool: a wrong password never holds two
            throttle.failed(email);
            throw Problems.unauthorized("Wrong email or password");
        }
        return who;
    }

    private record Stored(StaffIdentity user, String hash) {
    }

    /** The user with this email and password, or null. bcrypt runs after the connection went back to the pool. */
    private StaffIdentity verify(String email, String password) {
        Stored stored = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Stored(identity(rs), rs.getString(6)) : null;
                }
            }
        });
        if (stored == null) {
            return null;
        }
        StaffIdentity user = stored.user();
        String hash = stored.hash();
        String remembered = HexFormat.of().formatHex(
                Secrets.hmacSha256(cacheKey, email.toLowerCase() + "\u0000" + password));
        if (!hash.equals(verified.getIfPresent(remembered))) {
            if (!Secrets.passwordMatches(password, hash)) {
                return null;
            }
            verified.put(remembered, hash);
        }
        return user;
    }

    /** The user of a console session, read afresh so that a disabled user or a changed role counts at once. */
    public StaffIdentity bySession(StaffSessions.Session session) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(BY_ID)) {
                ps.setLong(1, session.chainId());
                ps.setLong(2, session.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw Problems.unauthorized("The session has ended; sign in again");
                    }
                    return identity(rs);
                }
            }
        });
    }

    private static StaffIdentity identity(ResultSet rs) throws SQLException {
        long franchisee = rs.getLong(5);
        return new StaffIdentity(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.wasNull() ? null : franchisee);
    }
}
