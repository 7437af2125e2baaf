package io.kopilka.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one way to do JDBC work. A transaction commits when the work returns and rolls back when it throws; a
 * read runs on one autocommit connection; a read-only transaction always rolls back. The time-outs of every
 * statement, lock and idle transaction are set on the pooled connection itself (docs/operations.md, "Time-outs"), and a failed statement leaves as
 * {@link DatabaseFailure}, which {@link ProblemMappers} answers with 503 {@code unavailable} when the database is
 * away or too slow ({@link DatabaseFaults}) and with 500 otherwise. Nothing else writes {@code setAutoCommit}.
 */
@ApplicationScoped
public class Transactions {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Inject
    DataSource dataSource;

    /** The work in one READ COMMITTED transaction. */
    public <T> T inTransaction(Work<T> work) {
        return inTransaction(Connection.TRANSACTION_READ_COMMITTED, work);
    }

    /** The work in one transaction of the given JDBC isolation level (e.g. REPEATABLE READ for a consistent report). */
    public <T> T inTransaction(int isolation, Work<T> work) {
        return transaction(isolation, false, work);
    }

    /**
     * The work in one READ ONLY transaction of the given isolation, rolled back at the end: a consistent snapshot
     * (REPEATABLE READ), or a cursor that streams rows ({@code setFetchSize} needs a transaction).
     */
    public <T> T readOnly(int isolation, Work<T> work) {
        return transaction(isolation, true, work);
    }

    /**
     * Lifts the pooled connection's statement bound for the rest of the current transaction, for a batch job
     * (a large catch-up) that may rightly run longer than any API request.
     */
    public static void withoutStatementBound(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL statement_timeout = 0");
        }
    }

    private <T> T transaction(int isolation, boolean readOnly, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            // Pooled connections are READ COMMITTED (PostgreSQL's default, nothing sets another). Not asked of
            // the connection: pgjdbc answers getTransactionIsolation() with a round trip, on every receipt.
            int before = Connection.TRANSACTION_READ_COMMITTED;
            c.setAutoCommit(false);
            if (isolation != before) {
                c.setTransactionIsolation(isolation);
            }
            if (readOnly) {
                c.setReadOnly(true);
            }
            try {
                T result = work.run(c);
                if (readOnly) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
                if (readOnly) {
                    c.setReadOnly(false);
                }
                if (isolation != before) {
                    c.setTransactionIsolation(before);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Reads (or single statements) on one autocommit connection. */
    public <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailed) {
            cause.addSuppressed(rollbackFailed); // a broken connection: the pool discards it
        }
    }

    /** A statement failed; the cause says why (see {@link DatabaseFaults}). */
    public static final class DatabaseFailure extends RuntimeException {
        public DatabaseFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
