package io.kopilka.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Transactions;
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
    ChainSetup setup;

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

    /** Off for the platform operator's {@code chains} command, which creates chains itself (KopilkaMain). */
    @ConfigProperty(name = "kopilka.bootstrap.enabled", defaultValue = "true")
    boolean enabled;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
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
            try {
                setup.create(c, new ChainSetup.NewChain(chainName, currency, phoneRegion, email, password));
            } catch (ProblemException e) {
                throw new IllegalStateException("The first chain's settings (KOPILKA_CHAIN_NAME, KOPILKA_CURRENCY, "
                        + "KOPILKA_PHONE_REGION, KOPILKA_ADMIN_EMAIL, KOPILKA_ADMIN_PASSWORD) are refused: "
                        + e.errors().stream().map(f -> f.field() + " " + f.message()).toList(), e);
            }
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
}
