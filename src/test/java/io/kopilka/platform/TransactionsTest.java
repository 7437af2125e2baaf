package io.kopilka.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What a caller of Transactions relies on: all or nothing, and a pooled connection handed back as it was lent. */
@QuarkusTest
class TransactionsTest {

    @Inject
    Transactions tx;

    @Test
    void aFailedTransactionWritesNothingAndItsFailureLeavesUnchanged() {
        String email = "tx-" + UUID.randomUUID() + "@example.com";
        ProblemException refusal = Problems.invalid("email", "refused after the write");
        ProblemException thrown = assertThrows(ProblemException.class, () -> tx.inTransaction(c -> {
            insertFailure(c, email);
            throw refusal;
        }));
        assertSame(refusal, thrown);
        assertEquals(0, failures(email));

        tx.inTransaction(c -> {
            insertFailure(c, email);
            return null;
        });
        assertEquals(1, failures(email));
    }

    @Test
    void aReadOnlySnapshotRefusesWritesAndTheConnectionReturnsWritable() {
        String email = "tx-" + UUID.randomUUID() + "@example.com";
        Transactions.DatabaseFailure refused = assertThrows(Transactions.DatabaseFailure.class,
                () -> tx.readOnly(Connection.TRANSACTION_REPEATABLE_READ, c -> {
                    insertFailure(c, email);
                    return null;
                }));
        assertEquals("25006", ((SQLException) refused.getCause()).getSQLState());

        tx.read(c -> {
            assertTrue(c.getAutoCommit());
            assertFalse(c.isReadOnly());
            assertEquals("off", show(c, "transaction_read_only"));
            assertEquals("read committed", show(c, "transaction_isolation"));
            return null;
        });
        tx.read(c -> {
            insertFailure(c, email);
            return null;
        });
        assertEquals(1, failures(email));
    }

    @Test
    void theStatementBoundIsLiftedForOneTransactionOnly() {
        String bound = tx.read(c -> show(c, "statement_timeout"));
        assertFalse("0".equals(bound), "the pool bounds every statement: " + bound);
        assertEquals("0", tx.inTransaction(c -> {
            Transactions.withoutStatementBound(c);
            return show(c, "statement_timeout");
        }));
        assertEquals(bound, tx.read(c -> show(c, "statement_timeout")));
    }

    private static void insertFailure(Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO login_failures (email) VALUES (?)")) {
            ps.setString(1, email);
            ps.executeUpdate();
        }
    }

    private long failures(String email) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM login_failures WHERE email = ?")) {
                ps.setString(1, email);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SHOW " + setting); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
