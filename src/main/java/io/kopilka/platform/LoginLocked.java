package io.kopilka.platform;

import java.time.Instant;

/** A CDI event: an email's sign-in was locked after too many wrong passwords (the audit log records it). */
public record LoginLocked(String email, int failures, Instant lockedUntil) {
}
