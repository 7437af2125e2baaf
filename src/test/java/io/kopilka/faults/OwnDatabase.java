package io.kopilka.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.kopilka.platform.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose application runs on a PostgreSQL of its own, on a fixed port and data folder, so a
 * test can stop it and start it again under the running service without touching the other tests' database.
 */
public class OwnDatabase implements QuarkusTestProfile {

    static volatile EmbeddedDatabase database;
    static volatile Path dataDir;
    static volatile int port;

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Resource.class));
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                dataDir = Files.createTempDirectory("kopilka-outage-pg");
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                database = EmbeddedDatabase.start(dataDir, port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            stopDatabase();
        }
    }

    /** A fast shutdown, as an operator's restart does: sessions are ended, the data stays. */
    static synchronized void stopDatabase() {
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            database = null;
        }
    }

    static synchronized void startDatabase() {
        try {
            database = EmbeddedDatabase.start(dataDir, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGSTOP (or SIGCONT) to the postmaster and every backend: a database that hangs without closing a socket. */
    static void signalDatabase(String signal) throws IOException, InterruptedException {
        long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " failed");
        }
    }
}
