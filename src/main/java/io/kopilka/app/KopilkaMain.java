package io.kopilka.app;

import java.nio.file.Path;

import io.kopilka.platform.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the packaged service. Without QUARKUS_DATASOURCE_JDBC_URL it starts an embedded
 * PostgreSQL whose data is kept in {@code KOPILKA_DATA_DIR} (default ./data/pg). The argument
 * {@code demo} loads the demo chain on an empty database; {@code housekeeping} runs the nightly batch
 * work (expiry, stale holds, tier review) and exits; {@code chains create|list} is the platform operator's.
 */
@QuarkusMain
public class KopilkaMain {

    public static void main(String... args) throws Exception {
        boolean demo = false;
        for (String arg : args) {
            if ("demo".equals(arg)) {
                demo = true;
            }
        }
        if (demo) {
            System.setProperty("kopilka.demo.enabled", "true");
        }
        if (command(args) != null) {
            // a batch command serves no HTTP and runs no schedules of its own
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.scheduler.enabled", "false");
            System.setProperty("kopilka.webhooks.dispatch", "false"); // batch commands write the outbox; the service sends
            System.setProperty("quarkus.banner.enabled", "false");
            System.setProperty("quarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName", "kopilka-" + command(args));
            // no till waits for a batch command: its long statements and lock waits are not faults
            System.setProperty("kopilka.db.statement-timeout", "0");
            System.setProperty("kopilka.db.lock-timeout", "0");
            System.setProperty("quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "0");
        }
        boolean chains = "chains".equals(command(args));
        if (chains) {
            // the operator creates chains explicitly: start-up must not make (or demand) a first chain of its own
            System.setProperty("kopilka.bootstrap.enabled", "false");
            // stdout carries only the command's answer (a script reads `chains list --format tsv`)
            System.setProperty("quarkus.log.console.stderr", "true");
        }
        EmbeddedDatabase embedded = null;
        if (!externalDatabaseConfigured()) {
            String dir = env("KOPILKA_DATA_DIR", "data/pg");
            int port = Integer.parseInt(env("KOPILKA_EMBEDDED_DB_PORT", "54329"));
            try {
                embedded = EmbeddedDatabase.start(Path.of(dir).toAbsolutePath(), port);
            } catch (EmbeddedDatabase.WrongMajorVersion e) {
                System.err.println("Kopilka: " + e.getMessage());
                System.exit(2);
                return;
            }
            System.setProperty("quarkus.datasource.jdbc.url", embedded.jdbcUrl());
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            (chains ? System.err : System.out).println("Kopilka: embedded PostgreSQL started, data in " + Path.of(dir).toAbsolutePath());
        }
        try {
            Quarkus.run(KopilkaApp.class, args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** The batch command named by the first argument, or null for the service. */
    static String command(String... args) {
        if (args.length == 0 || "demo".equals(args[0])) {
            return null;
        }
        return args[0];
    }

    private static boolean externalDatabaseConfigured() {
        return System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null
                || System.getProperty("quarkus.datasource.jdbc.url") != null;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
