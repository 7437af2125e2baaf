package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookOutbox;

/** The receipts' webhook events (docs/webhooks.md), written in the receipt's own transaction. */
@ApplicationScoped
public class ReceiptEvents {

    @Inject
    WebhookOutbox outbox;

    void confirmed(Connection c, long chainId, long storeId, ReceiptResult r, OffsetDateTime occurredAt, Instant now)
            throws SQLException {
        outbox.emit(c, chainId, WebhookEventType.RECEIPT_CONFIRMED, r.customerId(), () -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("receipt_id", r.receiptId());
            data.put("receipt_no", r.receiptNo());
            data.put("store_id", storeId);
            data.put("customer_id", r.customerId());
            data.put("occurred_at", occurredAt.toString());
            data.put("total_minor", r.totalMinor());
            data.put("discount_minor", r.discountMinor());
            data.put("paid_by_points_minor", r.paidByPointsMinor());
            data.put("points_earned", r.pointsEarned());
            data.put("points_redeemed", r.pointsRedeemed());
            return data;
        }, now);
    }

    void cancelled(Connection c, long chainId, ReceiptRows.Stored r, String reason, Instant now) throws SQLException {
        outbox.emit(c, chainId, WebhookEventType.RECEIPT_CANCELLED, r.customerId(), () -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("receipt_id", r.id());
            data.put("receipt_no", r.result().receiptNo());
            data.put("store_id", r.storeId());
            data.put("customer_id", r.customerId());
            data.put("was", r.status());
            data.put("reason", reason);
            return data;
        }, now);
    }

    void returned(Connection c, long chainId, long storeId, Long customerId, ReturnResult r, Instant now)
            throws SQLException {
        outbox.emit(c, chainId, WebhookEventType.RECEIPT_RETURNED, customerId, () -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("return_id", r.returnId());
            data.put("receipt_id", r.receiptId());
            data.put("return_no", r.returnNo());
            data.put("store_id", storeId);
            data.put("customer_id", customerId);
            data.put("points_reversed", r.pointsReversed());
            data.put("points_refunded", r.pointsRefunded());
            data.put("refunded_points_minor", r.refundedPointsMinor());
            return data;
        }, now);
    }

    void tierChanged(Connection c, long chainId, long customerId, String fromTier, String toTier, Instant now)
            throws SQLException {
        outbox.emit(c, chainId, WebhookEventType.CUSTOMER_TIER_CHANGED, customerId, () -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("customer_id", customerId);
            data.put("from_tier", fromTier);
            data.put("to_tier", toTier);
            return data;
        }, now);
    }
}
