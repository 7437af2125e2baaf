package io.kopilka.campaigns.gateway;

import java.time.Instant;

/** What a gateway hears back: delivery reports of messages we sent, and customers' STOP replies. */
public interface DeliveryReports {

    void delivered(DeliveryReport report);

    void optOut(StopReply reply);

    /** A report that names nothing but the gateway's id (the HTTP callback's shape). */
    default void delivered(String gatewayMessageId, DeliveryStatus status, Instant at) {
        delivered(new DeliveryReport(gatewayMessageId, status, at, null, null));
    }

    /** A STOP that does not say which message it answers. */
    default void optOut(String phone, String source, Instant at) {
        optOut(new StopReply(phone, source, at, null));
    }
}
