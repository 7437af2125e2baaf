package io.kopilka.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wrong passwords per email, whatever the source address: after {@code max-failures} within {@code window} the
 * email is locked for {@code lock} — even the right password is refused, without running bcrypt. Kept in the
 * database so that every API node sees the same count and the same lock. Failures in the window count whether
 * or not a right password came between them.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    Transactions tx;

    @Inject
    Event<LoginLocked> locked;

    @ConfigProperty(name = "kopilka.limits.login.max-failures", defaultValue = "10")
    int maxFailures;

    @ConfigProperty(name = "kopilka.limits.login.window", defaultValue = "15m")
    Duration window;

    @ConfigProperty(name = "kopilka.limits.login.lock", defaultValue = "15m")
    Duration lock;

    /** Refuses with 429 while the email is locked. */
    public void refuseIfLocked(String email) {
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ceil(extract(epoch FROM locked_until - now())) FROM login_locks WHERE email = ? AND locked_until > now()")) {
                ps.setString(1, key(email));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw locked(Math.max(1, rs.getLong(1)));
                    }
                }
            }
            return null;
        });
    }

    /** Counts a wrong password; the one that reaches the limit starts the lock, which is announced once. */
    public void failed(String email) {
        String key = key(email);
        tx.read(c -> {
            execute(c, "DELETE FROM login_failures WHERE failed_at < now() - ? * interval '1 second'", window.toSeconds());
            execute(c, "INSERT INTO login_failures (email) VALUES (?)", key);
            int failures;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM login_failures WHERE email = ? AND failed_at >= now() - ? * interval '1 second'")) {
                ps.setString(1, key);
                ps.setLong(2, window.toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    failures = rs.getInt(1);
                }
            }
            if (failures < maxFailures) {
                return null;
            }
            // only the node whose update starts the lock gets a row back, so the lock is audited once
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO login_locks (email, locked_until) VALUES (?, now() + ? * interval '1 second')
                    ON CONFLICT (email) DO UPDATE SET locked_until = EXCLUDED.locked_until
                     WHERE login_locks.locked_until <= now()
                    RETURNING locked_until""")) {
                ps.setString(1, key);
                ps.setLong(2, lock.toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        locked.fire(new LoginLocked(key, failures, rs.getTimestamp(1).toInstant()));
                    }
                }
            }
            return null;
        });
    }

    private ProblemException locked(long retryAfterSeconds) {
        return Problems.tooManyRequests("Too many wrong passwords for this email: sign-in is locked for "
                + lock.toMinutes() + " minutes; retry after " + retryAfterSeconds + " s", Map.of(
                        "Retry-After", Long.toString(retryAfterSeconds),
                        // draft-ietf-httpapi-ratelimit-headers-10, as RateLimit (platform) writes them
                        "RateLimit-Policy", "\"login\";q=" + maxFailures + ";w=" + window.toSeconds(),
                        "RateLimit", "\"login\";r=0;t=" + retryAfterSeconds));
    }

    private static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static void execute(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            ps.executeUpdate();
        }
    }
}
