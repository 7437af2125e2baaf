package io.kopilka.support;

import java.util.Map;

import io.kopilka.platform.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) for the test run, unless KOPILKA_TEST_JDBC_URL
 * points the tests at an external server (used to test the production configuration).
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("KOPILKA_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return Map.of("quarkus.datasource.jdbc.url", external,
                    "quarkus.datasource.username", System.getenv().getOrDefault("KOPILKA_TEST_DB_USER", "postgres"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("KOPILKA_TEST_DB_PASSWORD", ""));
        }
        try {
            database = EmbeddedDatabase.start(null, 0);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (database != null) {
            try {
                database.close();
            } catch (Exception ignored) {
                // the JVM is ending; the temporary cluster is removed with it
            }
        }
    }
}
