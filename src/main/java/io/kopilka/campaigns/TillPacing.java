package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.kopilka.platform.webhooks.DeliveryLeases;

/**
 * How long the job rests after each step of its database work (a page it queued, a message it sent): the
 * step's own time times a factor, a small one while the database is quiet and a large one while the tills are
 * busy, so a campaign goes fast at night and at a trickle beside the checkout
 * (docs/adr/0021-campaign-job-yields-to-busy-tills.md). The database counts as busy while a session of the
 * tills (the API's pool: checkout, console, reports) of this very database changed state within the last second;
 * it is looked at no more than once a second, and until the first look the job assumes the tills are busy.
 */
final class TillPacing {

    /**
     * A till's session (one of the given application names) of this very database, not this job's, that did
     * something within the last second; sessions of other databases on the same server never count.
     */
    private static final String OTHERS_ACTIVE = """
            SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                            WHERE datname = current_database() AND backend_type = 'client backend'
                              AND application_name = ANY (?)
                              AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM current_setting('application_name')
                              AND (state_change IS NULL OR state = 'active' OR state_change > now() - interval '1 second')
                              AND left(query, ?) IS DISTINCT FROM ?)""";

    private static final long LOOK_EVERY = TimeUnit.SECONDS.toNanos(1);

    /** What the pacing looks at; {@link #othersActive} in production. */
    @FunctionalInterface
    interface Probe {
        boolean othersActive(Connection c) throws SQLException;
    }

    private final double quietFactor;
    private final double busyFactor;
    private final Probe probe;
    private final LongSupplier nanoClock;
    private long lastLook;
    private boolean looked;
    private boolean busy = true;
    private long steps;
    private long busySteps;

    /** {@code tills}: the application names of the tills' sessions ({@link Tills}). */
    TillPacing(double quietFactor, double busyFactor, List<String> tills) {
        this(quietFactor, busyFactor, c -> othersActive(c, tills), System::nanoTime);
    }

    TillPacing(double quietFactor, double busyFactor, Probe probe, LongSupplier nanoClock) {
        this.quietFactor = quietFactor;
        this.busyFactor = busyFactor;
        this.probe = probe;
        this.nanoClock = nanoClock;
    }

    /** Called inside a step's transaction: looks at the other sessions when the last look is a second old. */
    void look(Connection c) throws SQLException {
        long now = nanoClock.getAsLong();
        if (looked && now - lastLook < LOOK_EVERY) {
            return;
        }
        busy = probe.othersActive(c);
        looked = true;
        lastLook = now;
    }

    /** What the last look saw (busy before the first one). */
    boolean busy() {
        return busy;
    }

    /** The rest after a step that took {@code workedNanos}, in milliseconds. */
    long restMillis(long workedNanos) {
        steps++;
        if (busy) {
            busySteps++;
        }
        return (long) (workedNanos * (busy ? busyFactor : quietFactor) / 1_000_000);
    }

    /** Rests after a step that took {@code workedNanos}; a stop asked meanwhile ends the rest at once. */
    void rest(long workedNanos, JobStop stop) {
        long millis = restMillis(workedNanos);
        if (millis > 0) {
            try {
                stop.sleepUntil(Instant.now().plusMillis(millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    long steps() {
        return steps;
    }

    long busySteps() {
        return busySteps;
    }

    /**
     * Sessions this role may not see (another role without pg_read_all_stats) show no state and count as
     * active, so a job that cannot tell errs on the side of the tills.
     */
    static boolean othersActive(Connection c, List<String> tills) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OTHERS_ACTIVE)) {
            ps.setArray(1, c.createArrayOf("text", tills.toArray()));
            // the webhook dispatcher's poll comes from the API's sessions but is not a till at work
            ps.setInt(2, DeliveryLeases.POLL_MARK.length());
            ps.setString(3, DeliveryLeases.POLL_MARK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
