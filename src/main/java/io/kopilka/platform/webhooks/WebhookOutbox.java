package io.kopilka.platform.webhooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.platform.Secrets;
import io.kopilka.platform.Sql;

/**
 * Writes an event into the outbox inside the transaction of the change that caused it, so the event exists exactly
 * when the change does. When no enabled endpoint of the chain listens to the type, nothing touches the database;
 * otherwise one INSERT writes a delivery per subscribed endpoint, all with the same event id.
 */
@ApplicationScoped
public class WebhookOutbox {

    private static final String INSERT = """
            INSERT INTO webhook_deliveries (chain_id, endpoint_id, event_id, type, customer_id, body, created_at, next_attempt_at)
            SELECT e.chain_id, e.id, ?, ?, ?, ?, ?, ?
              FROM webhook_endpoints e
             WHERE e.chain_id = ? AND e.enabled AND ? = ANY (e.events)""";

    @Inject
    Subscriptions subscriptions;

    @Inject
    ObjectMapper json;

    /**
     * Inside the caller's JDBC transaction. {@code data} makes the event's payload (snake_case keys; chain_id is
     * added), called only when someone listens, so an event nobody wants costs the checkout nothing. {@code customerId} orders the deliveries of one customer (null: unordered). Returns the event id, or
     * null when nobody listens.
     */
    public String emit(Connection c, long chainId, WebhookEventType type, Long customerId,
            Supplier<? extends Map<String, ?>> data, Instant at) throws SQLException {
        if (!subscriptions.subscribed(c, chainId, type.wireName())) {
            return null;
        }
        String eventId = newEventId();
        Instant when = at.truncatedTo(ChronoUnit.MICROS);
        Sql.update(c, INSERT, eventId, type.wireName(), customerId, body(chainId, type, data.get(), when),
                when.atOffset(ZoneOffset.UTC), when.atOffset(ZoneOffset.UTC), chainId, type.wireName());
        return eventId;
    }

    /** Whether an enabled endpoint of the chain listens to the type (as this node last saw it). */
    public boolean listens(Connection c, long chainId, WebhookEventType type) throws SQLException {
        return subscriptions.subscribed(c, chainId, type.wireName());
    }

    /** {@code msg_} and 128 random bits, like the Standard Webhooks examples' ids. */
    static String newEventId() {
        return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(16));
    }

    private String body(long chainId, WebhookEventType type, Map<String, ?> data, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("chain_id", chainId);
        payload.putAll(data);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type.wireName());
        event.put("timestamp", at.toString());
        event.put("data", payload);
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event's payload cannot be written as JSON", e);
        }
    }
}
