package io.kopilka.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which database failures the till sees as 503 unavailable (retry the same body) and which stay ours (500). */
class DatabaseFaultsTest {

    @ParameterizedTest(name = "SQLSTATE {0} -> unavailable {1}")
    @CsvSource({
            "08001, true", // cannot connect
            "08006, true", // connection failure mid-way
            "57P01, true", // admin shutdown
            "57P03, true", // the database is starting up
            "53300, true", // too many connections
            "57014, true", // statement_timeout
            "55P03, true", // lock_timeout
            "40001, true", // serialization failure
            "40P01, true", // deadlock
            "25006, true", // a read-only replica after a failover
            "23505, false", // unique violation: a bug of ours, not an outage
            "22021, false", // invalid byte sequence: input that validation should have refused
            "42P01, false" // undefined table
    })
    void bySqlState(String state, boolean unavailable) {
        SQLException e = new SQLException("x", state);
        assertEquals(unavailable, DatabaseFaults.isUnavailable(e));
        assertEquals(unavailable, DatabaseFaults.isUnavailable(new IllegalStateException(new RuntimeException(e))),
                "found through the wrappers too");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "pool, true", "refused, true", "plain, false" })
    void withoutSqlState(String kind, boolean unavailable) {
        Exception e = switch (kind) {
            case "pool" -> new SQLException("Sorry, acquisition timeout!");
            case "refused" -> new IllegalStateException(new ConnectException("Connection refused"));
            default -> new IllegalStateException("no database involved");
        };
        assertEquals(unavailable, DatabaseFaults.isUnavailable(e));
    }

    @org.junit.jupiter.api.Test
    void transientConnectionFailures() {
        assertEquals(true, DatabaseFaults.isUnavailable(new SQLTransientConnectionException("gone")));
    }
}
