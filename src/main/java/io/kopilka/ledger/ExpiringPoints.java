package io.kopilka.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.kopilka.platform.Sql;
import io.kopilka.platform.Transactions;
import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookOutbox;
import io.quarkus.scheduler.Scheduled;

/**
 * The points.expiring webhook event: once a day (UTC) per chain that listens, one event per customer whose points
 * expire on the day {@code kopilka.webhooks.points-expiring-within-days} ahead, with how many. The day is claimed
 * by a row in webhook_expiry_scans in the same transaction, so two API nodes never announce it twice.
 */
@ApplicationScoped
public class ExpiringPoints {

    private static final Logger LOG = Logger.getLogger(ExpiringPoints.class);

    private static final String DUE = """
            SELECT customer_id, sum(points_remaining), min(expires_at)
              FROM point_lots
             WHERE chain_id = ? AND points_remaining > 0 AND expires_at >= ? AND expires_at < ?
             GROUP BY customer_id ORDER BY customer_id""";

    private record Due(long customerId, long points, Instant firstExpiresAt) {
    }

    @Inject
    Transactions tx;

    @Inject
    WebhookOutbox outbox;

    @ConfigProperty(name = "kopilka.webhooks.points-expiring-within-days", defaultValue = "7")
    int withinDays;

    @Scheduled(every = "${kopilka.webhooks.expiring-scan-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (long chainId : tx.read(c -> Sql.rows(c, rs -> rs.getLong(1), "SELECT id FROM chains"))) {
                announce(chainId, today);
            }
        } catch (Transactions.DatabaseFailure e) {
            LOG.warn("Expiring points were not announced; the next run tries again", e);
        }
    }

    /** Announces the chain's points expiring {@code withinDays} after {@code today}; returns the events written. */
    public int announce(long chainId, LocalDate today) {
        return tx.inTransaction(c -> {
            if (!outbox.listens(c, chainId, WebhookEventType.POINTS_EXPIRING)) {
                return 0; // not claimed: an endpoint registered later today still gets today's announcement
            }
            if (Sql.update(c, "INSERT INTO webhook_expiry_scans (chain_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    chainId, today) == 0) {
                return 0;
            }
            LocalDate expiringOn = today.plusDays(withinDays);
            List<Due> due = Sql.rows(c, rs -> new Due(rs.getLong(1), rs.getLong(2),
                    rs.getObject(3, java.time.OffsetDateTime.class).toInstant()), DUE, chainId,
                    expiringOn.atStartOfDay().atOffset(ZoneOffset.UTC),
                    expiringOn.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            Instant now = Instant.now();
            for (Due d : due) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("customer_id", d.customerId());
                data.put("points", d.points());
                data.put("expires_on", expiringOn.toString());
                data.put("first_expires_at", d.firstExpiresAt().toString());
                outbox.emit(c, chainId, WebhookEventType.POINTS_EXPIRING, d.customerId(), () -> data, now);
            }
            return due.size();
        });
    }
}
