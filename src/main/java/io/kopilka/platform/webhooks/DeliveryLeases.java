package io.kopilka.platform.webhooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.platform.Sql;

/**
 * The outbox's state changes. A claim leases due deliveries to this node for a while; a node that dies holding a
 * lease leaves the delivery to whoever claims after it ends, with the same event id. A delivery waits while an
 * earlier one of the same customer to the same endpoint is pending (retrying or leased), so a receiver sees one
 * customer's events in the order they happened.
 */
@ApplicationScoped
public class DeliveryLeases {

    /**
     * Begins the text of the dispatcher's poll, which every API node sends every second whether or not anything is
     * due: the campaign job's till pacing recognises it in pg_stat_activity and does not take it for a till.
     */
    public static final String POLL_MARK = "/* webhook dispatcher poll */";

    private static final String CLAIM = POLL_MARK + """

            UPDATE webhook_deliveries d
               SET leased_until = now() + make_interval(secs => ?), last_attempt_at = now()
              FROM webhook_endpoints e
             WHERE e.chain_id = d.chain_id AND e.id = d.endpoint_id
               AND (d.chain_id, d.id) IN (
                    SELECT due.chain_id, due.id
                      FROM webhook_endpoints ce
                     CROSS JOIN LATERAL (
                            SELECT c.chain_id, c.id, c.next_attempt_at
                              FROM webhook_deliveries c
                             WHERE c.chain_id = ce.chain_id AND c.endpoint_id = ce.id AND c.status = 'pending'
                               AND c.next_attempt_at <= now()
                               AND (c.leased_until IS NULL OR c.leased_until < now())
                               AND (c.customer_id IS NULL OR NOT EXISTS (
                                    SELECT 1 FROM webhook_deliveries p
                                     WHERE p.endpoint_id = c.endpoint_id AND p.customer_id = c.customer_id
                                       AND p.status = 'pending' AND p.id < c.id AND p.chain_id = c.chain_id))
                             ORDER BY c.next_attempt_at, c.id
                             LIMIT ?
                               FOR UPDATE SKIP LOCKED) due
                     WHERE ce.enabled AND ce.id <> ALL (?)
                     ORDER BY due.next_attempt_at, due.id
                     LIMIT ?)
            RETURNING d.chain_id, d.id, d.endpoint_id, d.event_id, d.type, d.body, d.attempts, d.schedule_from,
                      e.url, e.secret_sealed,
                      CASE WHEN e.previous_secret_until > now() THEN e.previous_secret_sealed END""";

    private static final String DELIVERED = """
            UPDATE webhook_deliveries
               SET status = 'delivered', delivered_at = now(), leased_until = NULL, attempts = attempts + 1,
                   last_status = ?, last_response = ?, last_error = NULL
             WHERE chain_id = ? AND id = ? AND status = 'pending'""";

    private static final String FAILED_ATTEMPT = """
            UPDATE webhook_deliveries
               SET status = ?, next_attempt_at = ?, leased_until = NULL, attempts = attempts + 1,
                   last_status = ?, last_response = ?, last_error = ?
             WHERE chain_id = ? AND id = ? AND status = 'pending'""";

    private static final String NOT_NOW = """
            UPDATE webhook_deliveries SET leased_until = NULL, next_attempt_at = ?
             WHERE chain_id = ? AND id = ? AND status = 'pending'""";

    private static final String DISABLE = """
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = ?, disabled_at = now(), updated_at = now()
             WHERE chain_id = ? AND id = ? AND enabled""";

    /** Leases up to {@code limit} due deliveries for {@code lease}, oldest first. */
    public List<ClaimedDelivery> claim(Connection c, int limit, Duration lease) throws SQLException {
        return claim(c, limit, lease, List.of());
    }

    /**
     * The same, leaving out the endpoints this node already sends to as much as it may: their backlog (a slow
     * receiver's thousands of due rows) is not even read, each endpoint's due rows being an index range of its own.
     */
    List<ClaimedDelivery> claim(Connection c, int limit, Duration lease, java.util.Collection<Long> busyEndpoints)
            throws SQLException {
        return Sql.rows(c, rs -> new ClaimedDelivery(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getObject(8, java.time.OffsetDateTime.class).toInstant(),
                rs.getString(9), rs.getString(10), rs.getString(11)),
                CLAIM, lease.toMillis() / 1000.0, limit, c.createArrayOf("bigint", busyEndpoints.toArray()), limit);
    }

    void delivered(Connection c, ClaimedDelivery d, int status, String excerpt) throws SQLException {
        Sql.update(c, DELIVERED, status, excerpt, d.chainId(), d.id());
    }

    /** A failed attempt: another at {@code next}, or none ({@code next} null) and the delivery is failed. */
    void attemptFailed(Connection c, ClaimedDelivery d, Integer status, String excerpt, String error, Instant next)
            throws SQLException {
        Sql.update(c, FAILED_ATTEMPT, next == null ? "failed" : "pending",
                (next == null ? Instant.now() : next).atOffset(ZoneOffset.UTC), status, excerpt, clip(error, 256),
                d.chainId(), d.id());
    }

    /** Not attempted (the endpoint is busy or its breaker open): back to the queue without counting an attempt. */
    void notNow(Connection c, ClaimedDelivery d, Instant next) throws SQLException {
        Sql.update(c, NOT_NOW, next.atOffset(ZoneOffset.UTC), d.chainId(), d.id());
    }

    /** The receiver answered 410 Gone: its endpoint stops receiving until head office enables it again. */
    void disableEndpoint(Connection c, ClaimedDelivery d, String reason) throws SQLException {
        Sql.update(c, DISABLE, reason, d.chainId(), d.endpointId());
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
