package io.kopilka.admin.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.LoginLocked;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * Writes a lock of an email's sign-in into the audit log of the chain of the user with that email, as that user
 * (the lock is about them, not done by them). An email that belongs to no user has no chain to tell.
 */
@ApplicationScoped
public class LoginLockAudit {

    @Inject
    Transactions tx;

    @Inject
    AuditLog audit;

    void onLock(@Observes LoginLocked lock) {
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT chain_id, id, email, role, franchisee_id FROM users WHERE lower(email) = lower(?)")) {
                ps.setString(1, lock.email());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long franchisee = rs.getLong(5);
                    StaffIdentity user = new StaffIdentity(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.wasNull() ? null : franchisee);
                    audit.record(c, user, "login.locked", "user", user.userId(), null,
                            Map.of("email", user.email(), "wrong_passwords", lock.failures(),
                                    "locked_until", lock.lockedUntil().toString()),
                            Instant.now());
                    return null;
                }
            }
        });
    }
}
