package io.kopilka.platform.webhooks;

import java.time.Instant;

/** A delivery this node holds the lease of, with what it needs to send it. */
public record ClaimedDelivery(long chainId, long id, long endpointId, String eventId, String type, String body,
        int attempts, Instant scheduleFrom, String url, String secretSealed, String previousSecretSealed) {

    @Override
    public String toString() {
        return "delivery " + id + " of event " + eventId + " to endpoint " + endpointId; // no secret, no body
    }
}
