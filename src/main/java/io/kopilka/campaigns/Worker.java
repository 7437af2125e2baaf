package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One run of the batch job. It holds a session advisory lock on its number for as long as it lives, on a
 * connection of its own: when the process dies, PostgreSQL drops the connection and the lock, and the next
 * run can tell that the rows this worker claimed are orphans.
 */
final class Worker implements AutoCloseable {

    private static final int WORKER_LOCKS = 0x4b50;
    private static final int CAMPAIGN_LOCKS = 0x4b51;

    private final Connection connection;
    private final long id;

    private Worker(Connection connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    static Worker start(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(true);
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('campaign_worker_ids')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        }
        lock(c, "pg_advisory_lock", WORKER_LOCKS, id);
        return new Worker(c, id);
    }

    long id() {
        return id;
    }

    /** True when the worker of that number is gone (its lock is free). */
    boolean isDead(long other) throws SQLException {
        if (other == id) {
            return false;
        }
        if (lock(connection, "pg_try_advisory_lock", WORKER_LOCKS, other)) {
            lock(connection, "pg_advisory_unlock", WORKER_LOCKS, other);
            return true;
        }
        return false;
    }

    /** Only one worker queues a given campaign at a time; the other moves on. */
    boolean tryCampaign(long campaignId) throws SQLException {
        return lock(connection, "pg_try_advisory_lock", CAMPAIGN_LOCKS, campaignId);
    }

    void releaseCampaign(long campaignId) throws SQLException {
        lock(connection, "pg_advisory_unlock", CAMPAIGN_LOCKS, campaignId);
    }

    private static boolean lock(Connection c, String function, int space, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?, ?)")) {
            ps.setInt(1, space);
            ps.setInt(2, (int) key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Object v = rs.getObject(1);
                return !(v instanceof Boolean b) || b;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        // a pooled connection outlives this run: its session locks must not
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            ps.execute();
        } finally {
            connection.close();
        }
    }
}
