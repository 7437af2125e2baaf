package io.kopilka.platform;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a database that is away, restarting, overloaded or too slow from a fault of ours. The first is
 * answered 503 {@code unavailable} with {@code Retry-After} (the register sells without loyalty and sends
 * the same body again); only the second is a 500.
 */
public final class DatabaseFaults {

    private DatabaseFaults() {
    }

    /** True when the failure, or one of its causes, says the database could not serve the request now. */
    public static boolean isUnavailable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // the pool's own refusal carries no SQLSTATE
            String message = e.getMessage();
            return message != null && message.contains("acquisition timeout");
        }
        return state.startsWith("08") // connection exception: refused, broken, closed
                || state.startsWith("53") // insufficient resources: too many connections, out of memory or disk
                || state.startsWith("57P") // admin or crash shutdown, cannot connect now (starting up)
                || state.equals("57014") // statement_timeout
                || state.equals("55P03") // lock_timeout
                || state.equals("40001") || state.equals("40P01") // serialization failure, deadlock: retry
                || state.equals("25006") // read-only transaction: a replica during a failover
                || state.equals("58030"); // I/O error on the server
    }
}
