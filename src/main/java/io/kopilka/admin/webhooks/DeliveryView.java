package io.kopilka.admin.webhooks;

import java.time.Instant;

/**
 * One event's delivery to one endpoint: {@code event_id} is the webhook-id the receiver sees, {@code status} is
 * pending (waiting, retrying or being sent), delivered or failed; the receiver's last status and the first bytes
 * of its answer.
 */
public record DeliveryView(long id, String eventId, String type, String status, int attempts, Instant nextAttemptAt,
        Instant lastAttemptAt, Integer lastStatus, String lastResponse, String lastError, Instant deliveredAt,
        Instant createdAt) {
}
