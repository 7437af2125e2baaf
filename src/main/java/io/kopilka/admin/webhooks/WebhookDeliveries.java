package io.kopilka.admin.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.Limits;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/** An endpoint's deliveries, page by page, and sending one again. */
@ApplicationScoped
public class WebhookDeliveries {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 500;
    static final List<String> STATUSES = List.of("pending", "delivered", "failed");
    private static final String COLUMNS = """
            id, event_id, type, status, attempts, next_attempt_at, last_attempt_at, last_status, last_response,
            last_error, delivered_at, created_at""";

    @Inject
    Transactions transactions;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    AuditLog audit;

    /** Newest first; {@code before_id} pages on from the last id of the previous page. */
    public List<DeliveryView> list(StaffIdentity who, long endpointId, String status, String beforeId, String limit) {
        who.requireHeadOffice();
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            throw Problems.invalid("status", "must be one of " + String.join(", ", STATUSES));
        }
        long before = beforeId(beforeId);
        int pageSize = Limits.limit(limit, DEFAULT_PAGE, MAX_PAGE);
        String wanted = status == null || status.isBlank() ? null : status;
        return transactions.read(c -> {
            endpoints.existing(c, who.chainId(), endpointId);
            return Sql.rows(c, WebhookDeliveries::view, "SELECT " + COLUMNS + """
                     FROM webhook_deliveries
                    WHERE chain_id = ? AND endpoint_id = ? AND id < ? AND (?::text IS NULL OR status = ?::text)
                    ORDER BY id DESC LIMIT ?""", who.chainId(), endpointId, before, wanted, wanted, pageSize);
        });
    }

    /**
     * Sends a delivery again, whatever its state, with the same webhook-id and body and a fresh retry schedule
     * (an endpoint that is disabled gets it once it is enabled again).
     */
    public DeliveryView retry(StaffIdentity who, long endpointId, long deliveryId) {
        who.requireHeadOffice();
        return transactions.inTransaction(c -> {
            endpoints.existing(c, who.chainId(), endpointId);
            List<DeliveryView> before = Sql.rows(c, WebhookDeliveries::view, "SELECT " + COLUMNS
                    + " FROM webhook_deliveries WHERE chain_id = ? AND endpoint_id = ? AND id = ? FOR UPDATE",
                    who.chainId(), endpointId, deliveryId);
            if (before.isEmpty()) {
                throw Problems.notFound("Delivery " + deliveryId);
            }
            Sql.update(c, """
                    UPDATE webhook_deliveries
                       SET status = 'pending', attempts = 0, next_attempt_at = now(), schedule_from = now(),
                           leased_until = NULL, delivered_at = NULL
                     WHERE chain_id = ? AND id = ?""", who.chainId(), deliveryId);
            DeliveryView after = Sql.rows(c, WebhookDeliveries::view, "SELECT " + COLUMNS
                    + " FROM webhook_deliveries WHERE chain_id = ? AND id = ?", who.chainId(), deliveryId).get(0);
            audit.record(c, who, "retry", "webhook_delivery", deliveryId, before.get(0), after, Instant.now());
            return after;
        });
    }

    private static long beforeId(String raw) {
        if (raw == null || raw.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            long v = Long.parseLong(raw.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problems.invalid("before_id", "must be a positive integer");
    }

    private static DeliveryView view(ResultSet rs) throws SQLException {
        return new DeliveryView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                WebhookEndpoints.instant(rs, 6), WebhookEndpoints.instant(rs, 7), (Integer) rs.getObject(8),
                rs.getString(9), rs.getString(10), WebhookEndpoints.instant(rs, 11), WebhookEndpoints.instant(rs, 12));
    }
}
