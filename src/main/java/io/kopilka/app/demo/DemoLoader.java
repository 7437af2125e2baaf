package io.kopilka.app.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kopilka.platform.Transactions;
import io.quarkus.runtime.StartupEvent;

/**
 * {@code java -jar quarkus-run.jar demo}: on a database without any chain, creates the demo chain
 * (README.md, Set-up and Try it) and prints how to use it. Runs after {@link io.kopilka.admin.Bootstrap}, which
 * leaves an empty database to the demo. A second start finds the demo chain and only prints again.
 */
@ApplicationScoped
public class DemoLoader {

    private static final Logger LOG = Logger.getLogger(DemoLoader.class);
    /** The lock Bootstrap takes too: two nodes starting on one empty database create one chain. */
    private static final long CHAIN_CREATION_LOCK = 7321001;

    @Inject
    Transactions tx;

    @Inject
    DemoSetup setup;

    @Inject
    DemoHistory history;

    @Inject
    DemoReadiness readiness;

    @ConfigProperty(name = "kopilka.demo.enabled")
    boolean enabled;

    @ConfigProperty(name = "kopilka.demo.customers", defaultValue = "3000")
    int customers;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) throws Exception {
        if (!enabled) {
            return;
        }
        readiness.loading();
        DemoChain demo;
        try {
            demo = loadIfEmpty(customers);
        } finally {
            readiness.loaded();
        }
        if (demo == null) {
            demo = tx.read(c -> setup.find(c));
            if (demo == null) {
                LOG.warn("Demo not loaded: the database already holds a chain that is not the demo's");
                return;
            }
            System.out.println("Kopilka demo: the demo chain of an earlier start is reused.");
        }
        System.out.println(DemoReport.render(demo, "http://localhost:" + httpPort, busiestCustomerPhone(demo.chainId())));
    }

    /** A phone worth looking up: the customer with the most receipts. */
    public String busiestCustomerPhone(long chainId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT cu.phone FROM receipts r JOIN customers cu ON cu.chain_id = r.chain_id AND cu.id = r.customer_id
                     WHERE r.chain_id = ? GROUP BY cu.phone ORDER BY count(*) DESC, cu.phone LIMIT 1""")) {
                ps.setLong(1, chainId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /**
     * Creates the demo chain with {@code customerCount} customers and a year of their receipts, when the
     * database has no chain at all.
     *
     * @return the new demo chain, or null when the database already had a chain
     */
    public DemoChain loadIfEmpty(int customerCount) throws Exception {
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        Instant start = end.minus(365, ChronoUnit.DAYS);
        DemoChain demo = tx.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, CHAIN_CREATION_LOCK);
                lock.execute();
            }
            if (chainCount(c) > 0) {
                return null; // nothing written: the commit only releases the lock
            }
            return setup.create(c, start.minus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC));
        });
        if (demo == null) {
            return null;
        }
        LOG.infof("Demo: chain %d created; loading %d customers with a year of receipts", demo.chainId(), customerCount);
        DemoHistory.Summary s = history.load(demo, customerCount, start, end,
                Math.max(2, Runtime.getRuntime().availableProcessors()), 20261122L);
        LOG.infof("Demo: %d customers, %d loyalty and %d anonymous receipts, %d returns in %d s (%d failed)",
                s.customers(), s.customerReceipts(), s.anonymousReceipts(), s.returns(), s.took().toSeconds(),
                s.failures());
        return demo;
    }

    private static long chainCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM chains"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
