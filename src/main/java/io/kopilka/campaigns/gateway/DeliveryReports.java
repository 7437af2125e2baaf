package io.kopilka.campaigns.gateway;

import java.time.Instant;

public interface DeliveryReports {
    void delivered(String gatewayMessageId, DeliveryStatus status, Instant at);

    void optOut(String phone, String source, Instant at);
}
