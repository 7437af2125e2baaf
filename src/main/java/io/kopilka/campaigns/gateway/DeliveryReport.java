package io.kopilka.campaigns.gateway;

import java.time.Instant;

/**
 * A delivery report. {@code phone} (E.164, the message's recipient) and {@code submittedAt} (when the gateway took
 * the message) are known for SMPP receipts and null otherwise; with them a report can be matched to a message
 * whose gateway id was never stored because the job died at the gateway.
 */
public record DeliveryReport(String gatewayMessageId, DeliveryStatus status, Instant at, String phone, Instant submittedAt) {
}
