package io.kopilka.platform;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The abuse limits of the APIs (docs/operations.md, "Abuse limits"): per terminal key, per staff user, and the
 * customer lookup by phone per terminal. Held in each API node's memory: with N nodes behind a balancer a caller
 * can get up to N times the limit.
 */
@ApplicationScoped
public class RateLimits {
    // keyed by the row id alone: terminal and user ids come from one sequence each, unique across chains, so no
    // key string is built on every receipt

    private static final long MAX_CALLERS = 100_000;

    private final RateLimit terminal;
    private final RateLimit staff;
    private final RateLimit lookup;
    private final RateLimit phoneChange;

    @Inject
    public RateLimits(
            @ConfigProperty(name = "kopilka.limits.terminal.per-second", defaultValue = "20") long terminalPerSecond,
            @ConfigProperty(name = "kopilka.limits.terminal.burst", defaultValue = "40") long terminalBurst,
            @ConfigProperty(name = "kopilka.limits.staff.per-second", defaultValue = "50") long staffPerSecond,
            @ConfigProperty(name = "kopilka.limits.staff.burst", defaultValue = "100") long staffBurst,
            @ConfigProperty(name = "kopilka.limits.lookup.per-minute", defaultValue = "60") long lookupsPerMinute,
            @ConfigProperty(name = "kopilka.limits.phone-change.per-hour", defaultValue = "20") long phoneChangesPerHour) {
        terminal = new RateLimit("terminal", terminalBurst, terminalPerSecond, Duration.ofSeconds(1), "this terminal",
                MAX_CALLERS);
        staff = new RateLimit("staff", staffBurst, staffPerSecond, Duration.ofSeconds(1), "this user", MAX_CALLERS);
        lookup = new RateLimit("lookup", lookupsPerMinute, lookupsPerMinute, Duration.ofMinutes(1),
                "this terminal's customer lookups", MAX_CALLERS);
        phoneChange = new RateLimit("phone-change", phoneChangesPerHour, phoneChangesPerHour, Duration.ofHours(1),
                "this terminal's phone change codes", MAX_CALLERS);
    }

    public void terminal(TerminalIdentity till) {
        terminal.take(till.terminalId());
    }

    public void staff(StaffIdentity user) {
        staff.take(user.userId());
    }

    /** Looking a customer up by phone tells whether the phone is a customer: a till may not walk a phone book. */
    public void customerLookup(TerminalIdentity till) {
        lookup.take(till.terminalId());
    }

    /** Each phone change sends a paid SMS to a number the till typed: a till may not text strangers or guess codes. */
    public void phoneChange(TerminalIdentity till) {
        phoneChange.take(till.terminalId());
    }
}
