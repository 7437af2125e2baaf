package io.kopilka.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookOutbox;

/**
 * The customers' webhook events, in the change's own transaction. They name the customer by id and say what
 * changed, never the personal data itself: a receiver that needs it asks the head-office API.
 */
@ApplicationScoped
public class CustomerEvents {

    @Inject
    WebhookOutbox outbox;

    void enrolled(Connection c, Customer customer, long storeId, Instant now) throws SQLException {
        outbox.emit(c, customer.chainId(), WebhookEventType.CUSTOMER_ENROLLED, customer.id(), () -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("customer_id", customer.id());
            data.put("store_id", storeId);
            data.put("referred_by_customer_id", customer.referredBy());
            return data;
        }, now);
    }

    /** {@code source}: till or head_office; {@code changed}: the names of what changed (phone, card, consent...). */
    public void updated(Connection c, long chainId, long customerId, String source, List<String> changed, Instant now)
            throws SQLException {
        outbox.emit(c, chainId, WebhookEventType.CUSTOMER_UPDATED, customerId, () -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("customer_id", customerId);
            data.put("source", source);
            data.put("changed", changed);
            return data;
        }, now);
    }
}
