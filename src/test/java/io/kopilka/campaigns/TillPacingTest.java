package io.kopilka.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The job rests long after each step while the tills use the database, and little while it is quiet. */
@QuarkusTest
class TillPacingTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Inject
    DataSource dataSource;

    @Test
    void restsLongUntilItHasSeenAQuietDatabaseAndLooksAgainEverySecond() throws Exception {
        Deque<Boolean> answers = new ArrayDeque<>(List.of(false, true));
        int[] looks = { 0 };
        long[] now = { 0 };
        TillPacing pacing = new TillPacing(1.0, 20.0, c -> {
            looks[0]++;
            return answers.pop();
        }, () -> now[0]);

        assertEquals(200, pacing.restMillis(10 * MS), "before the first look the tills count as busy");
        pacing.look(null);
        assertEquals(10, pacing.restMillis(10 * MS), "quiet: the page's own time");
        now[0] += 900 * MS;
        pacing.look(null);
        assertEquals(1, looks[0], "no second look within the second");
        now[0] += 100 * MS;
        pacing.look(null);
        assertEquals(2, looks[0]);
        assertEquals(200, pacing.restMillis(10 * MS), "busy again: twenty times the page's time");
        assertEquals(3, pacing.steps());
        assertEquals(2, pacing.busySteps());
    }

    @Test
    void aStopAskedDuringARestEndsItAtOnce() throws Exception {
        TillPacing pacing = new TillPacing(1.0, 1000.0, c -> true, System::nanoTime);
        pacing.look(null);
        JobStop stop = new JobStop();
        Thread resting = new Thread(() -> pacing.rest(10 * MS, stop)); // ten seconds beside busy tills
        long started = System.nanoTime();
        resting.start();
        Thread.sleep(100);
        stop.request();
        resting.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "the rest outlived the stop");
    }

    @Test
    void aTillThatJustWroteMakesTheDatabaseBusy() throws Exception {
        try (Connection job = named("kopilka-campaigns"); Connection till = named("kopilka-api")) {
            try (Statement s = till.createStatement()) {
                s.execute("SELECT 1");
            }
            assertTrue(TillPacing.othersActive(job));
        }
    }

    @Test
    void theJobsOwnSessionsDoNotCount() throws Exception {
        try (Connection job = named("kopilka-campaigns"); Connection sameJob = named("kopilka-campaigns")) {
            // wait until the rest of the test JVM has been idle for a second (its scheduler may touch the database
            // now and then); the job's own other session writes just before every look and must not count
            boolean quiet = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!quiet && System.nanoTime() < deadline) {
                Thread.sleep(1100);
                try (Statement s = sameJob.createStatement()) {
                    s.execute("SELECT 1");
                }
                quiet = !TillPacing.othersActive(job);
            }
            assertTrue(quiet, "the job's own session kept the database busy");
        }
    }

    private Connection named(String applicationName) throws Exception {
        return NamedSession.open(dataSource, applicationName);
    }
}
