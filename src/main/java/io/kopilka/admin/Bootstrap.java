package io.kopilka.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kopilka.platform.Secrets;
import io.kopilka.platform.Transactions;
import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.rules.Programme;
import io.quarkus.runtime.StartupEvent;

/**
 * On a database with no chain yet, creates the first chain with the default programme and its first
 * head-office admin (docs/operations.md#running). Refuses to start without admin credentials unless the demo,
 * which brings its own, is loading.
 */
@ApplicationScoped
public class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);

    @Inject
    Transactions tx;

    @Inject
    ProgrammeVersions programmes;

    @ConfigProperty(name = "kopilka.bootstrap.chain-name")
    String chainName;

    @ConfigProperty(name = "kopilka.bootstrap.currency")
    String currency;

    @ConfigProperty(name = "kopilka.bootstrap.phone-region")
    String phoneRegion;

    @ConfigProperty(name = "kopilka.bootstrap.admin-email")
    Optional<String> adminEmail;

    @ConfigProperty(name = "kopilka.bootstrap.admin-password")
    Optional<String> adminPassword;

    @ConfigProperty(name = "kopilka.demo.enabled")
    boolean demo;

    void onStart(@Observes StartupEvent event) {
        String created = tx.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(7321001)")) {
                lock.execute(); // two nodes starting together on an empty database create one chain
            }
            if (chainCount(c) > 0) {
                return null;
            }
            if (demo) {
                return null; // the demo loader creates the demo chain and prints its credentials
            }
            String email = adminEmail.filter(s -> !s.isBlank()).orElse(null);
            String password = adminPassword.filter(s -> !s.isBlank()).orElse(null);
            if (email == null || password == null) {
                throw new IllegalStateException("The database has no chain yet: set KOPILKA_ADMIN_EMAIL and "
                        + "KOPILKA_ADMIN_PASSWORD for its first head-office admin (or start the demo)");
            }
            long chainId = createChain(c, chainName, currency, phoneRegion);
            createUser(c, chainId, email, password, "head_office", null);
            return email;
        });
        if (created != null) {
            LOG.infof("Created chain '%s' (%s) with head-office admin %s", chainName, currency, created);
        }
    }

    private static long chainCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM chains"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A chain with the default programme, effective from its creation. */
    public long createChain(Connection c, String name, String currency, String region) throws SQLException {
        return createChain(c, name, currency, region, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** A chain whose default programme takes effect at {@code programmeFrom} (the demo's history starts earlier). */
    public long createChain(Connection c, String name, String currency, String region, OffsetDateTime programmeFrom)
            throws SQLException {
        long chainId;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO chains (name, currency, phone_region) VALUES (?, ?, ?) RETURNING id")) {
            ps.setString(1, name);
            ps.setString(2, currency);
            ps.setString(3, region);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                chainId = rs.getLong(1);
            }
        }
        programmes.insert(c, chainId, Programme.defaults(programmeFrom), null);
        return chainId;
    }

    public long createUser(Connection c, long chainId, String email, String password, String role, Long franchiseeId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO users (chain_id, email, password_hash, role, franchisee_id) VALUES (?, ?, ?, ?, ?) RETURNING id""")) {
            ps.setLong(1, chainId);
            ps.setString(2, email);
            ps.setString(3, Secrets.hashPassword(password));
            ps.setString(4, role);
            if (franchiseeId == null) {
                ps.setNull(5, java.sql.Types.BIGINT);
            } else {
                ps.setLong(5, franchiseeId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
