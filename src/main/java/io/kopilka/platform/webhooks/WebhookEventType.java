package io.kopilka.platform.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The events an endpoint may subscribe to, by their wire names (docs/webhooks.md lists each payload). */
public enum WebhookEventType {
    CUSTOMER_ENROLLED("customer.enrolled"),
    CUSTOMER_UPDATED("customer.updated"),
    CUSTOMER_TIER_CHANGED("customer.tier_changed"),
    RECEIPT_CONFIRMED("receipt.confirmed"),
    RECEIPT_CANCELLED("receipt.cancelled"),
    RECEIPT_RETURNED("receipt.returned"),
    POINTS_ADJUSTED("points.adjusted"),
    POINTS_EXPIRING("points.expiring"),
    CAMPAIGN_MESSAGE_DELIVERED("campaign.message_delivered");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(WebhookEventType::wireName).toList();
    }
}
