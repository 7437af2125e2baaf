package io.kopilka.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The job rests long after each step while the tills use the database, and little while it is quiet. */
@QuarkusTest
class TillPacingTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final List<String> TILLS = List.of("kopilka-api");

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
            assertTrue(TillPacing.othersActive(job, TILLS));
        }
    }

    @Test
    void theJobsOwnSessionsDoNotCount() throws Exception {
        try (Connection job = named("kopilka-campaigns"); Connection sameJob = named("kopilka-campaigns")) {
            // the job's own other session writes just before every look and must not count
            assertTrue(quietWithin(job, () -> run(sameJob, "SELECT 1")), "the job's own session kept the database busy");
        }
    }

    @Test
    void tillsOfAnotherDatabaseOnTheSameServerDoNotCount() throws Exception {
        try (Connection job = named("kopilka-campaigns"); Connection otherShop = otherDatabase("kopilka-api")) {
            ScheduledExecutorService till = Executors.newSingleThreadScheduledExecutor();
            try {
                // a checkout of another service on the same server, busy all the time the job looks
                till.scheduleAtFixedRate(() -> run(otherShop, "SELECT pg_sleep(0.05)"), 0, 100, TimeUnit.MILLISECONDS);
                assertTrue(quietWithin(job, () -> { }), "another database's till made this one's tills busy");
            } finally {
                till.shutdown();
                till.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Whether the job sees a quiet database within 15 s: the rest of the test JVM (its pool is named like the API's)
     * may touch the database now and then, so each look waits for a second of silence first.
     */
    private static boolean quietWithin(Connection job, Runnable beforeEachLook) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1100);
            beforeEachLook.run();
            if (!TillPacing.othersActive(job, TILLS)) {
                return true;
            }
        }
        return false;
    }

    private static void run(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session of another database on the same server, under the given application name. */
    private Connection otherDatabase(String applicationName) throws Exception {
        String url;
        String user;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            url = c.getMetaData().getURL();
            user = c.getMetaData().getUserName();
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'kopilka_other_shop'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE kopilka_other_shop");
                }
            }
        }
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
        p.setProperty("ApplicationName", applicationName);
        String other = url.replaceFirst("/[^/?]+(\\?|$)", "/kopilka_other_shop$1");
        return DriverManager.getConnection(other, p);
    }

    private Connection named(String applicationName) throws Exception {
        return NamedSession.open(dataSource, applicationName);
    }
}
