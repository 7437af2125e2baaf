package io.kopilka.campaigns;

import java.time.OffsetDateTime;

/**
 * One message of a campaign as head office sees it. {@code unknown}: the gateway may or may not have taken it (the
 * job died or the gateway timed out at that moment); {@code resentAt} is set once head office asked to send it again.
 */
public record MessageView(long messageId, long customerId, String status, OffsetDateTime attemptedAt, String error,
        OffsetDateTime resentAt) {
}
