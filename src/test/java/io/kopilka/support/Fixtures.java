package io.kopilka.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.admin.ChainSetup;
import io.kopilka.platform.Secrets;

/**
 * Builds isolated chains for tests straight in the database, so each test owns its chain, stores,
 * terminals and customers and no test depends on another's rows.
 */
@ApplicationScoped
public class Fixtures {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Inject
    DataSource dataSource;

    @Inject
    ChainSetup chains;

    public record Chain(long id, String adminEmail, String adminPassword) {
    }

    public record Till(long chainId, long storeId, String storeCode, long terminalId, String key) {
    }

    public Chain chain() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "admin-" + suffix + "@chain.test";
        try (Connection c = dataSource.getConnection()) {
            long id = chains.createChain(c, "Chain " + suffix, "RUB", "RU");
            chains.createUser(c, id, email, "secret-" + suffix, "head_office", null);
            return new Chain(id, email, "secret-" + suffix);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long franchisee(long chainId, String name) {
        return insertReturningId("INSERT INTO franchisees (chain_id, name) VALUES (?, ?) RETURNING id", chainId, name);
    }

    public String franchiseeUser(long chainId, long franchiseeId, String password) {
        String email = "fr-" + UUID.randomUUID().toString().substring(0, 8) + "@chain.test";
        try (Connection c = dataSource.getConnection()) {
            chains.createUser(c, chainId, email, password, "franchisee", franchiseeId);
            return email;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Till till(long chainId, String timezone, Long franchiseeId) {
        String code = "S" + SEQ.incrementAndGet();
        long storeId = insertReturningId(
                "INSERT INTO stores (chain_id, code, name, timezone, franchisee_id) VALUES (?, ?, ?, ?, ?) RETURNING id",
                chainId, code, "Store " + code, timezone, franchiseeId);
        return terminal(chainId, storeId, code);
    }

    public Till till(long chainId) {
        return till(chainId, "Europe/Moscow", null);
    }

    public Till terminal(long chainId, long storeId, String storeCode) {
        String key = Secrets.newTerminalKey();
        long id = insertReturningId(
                "INSERT INTO terminals (chain_id, store_id, name, key_hash, key_prefix) VALUES (?, ?, ?, ?, ?) RETURNING id",
                chainId, storeId, "Till", Secrets.sha256(key), key.substring(0, 8));
        return new Till(chainId, storeId, storeCode, id, key);
    }

    /** Runs a statement (test set-up only: e.g. moving a hold's expiry into the past). */
    public int execute(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long queryLong(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String queryString(String sql, Object... args) {
        return queryOne(sql, args, String.class);
    }

    public java.time.Instant queryInstant(String sql, Object... args) {
        java.time.OffsetDateTime t = queryOne(sql, args, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private <T> T queryOne(String sql, Object[] args, Class<T> type) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, type);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long insertReturningId(String sql, Object... args) {
        return queryLong(sql, args);
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
