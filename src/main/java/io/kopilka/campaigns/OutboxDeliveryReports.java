package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.campaigns.gateway.DeliveryReport;
import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.StopReply;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Transactions;
import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookOutbox;

/** Delivery receipts update the message's status (or wait for it, EarlyReports); an inbound STOP is an opt-out. */
@ApplicationScoped
public class OutboxDeliveryReports implements DeliveryReports {

    @Inject
    Transactions tx;

    @Inject
    OptOuts optOuts;

    @Inject
    EarlyReports early;

    @Inject
    WebhookOutbox webhooks;

    @Override
    public void delivered(DeliveryReport r) {
        String to = switch (r.status()) {
            case DELIVERED -> "delivered";
            case FAILED, EXPIRED, REJECTED -> "failed";
            case UNKNOWN -> null;
        };
        if (to == null) {
            return;
        }
        String error = "delivery report: " + r.status().name().toLowerCase();
        // the report and its webhook event commit together
        int applied = tx.inTransaction(c -> applyAndAnnounce(c, r, to, error));
        tx.read(c -> {
            if (applied == 0 && !known(c, r.gatewayMessageId())) {
                // before its message's id was stored, or for a message whose id never will be: kept, never dropped
                early.keep(c, r, to, error);
                early.applyById(c, r.gatewayMessageId());
                if (r.phone() != null) {
                    early.matchUnknown(c, r.phone());
                }
            }
            return null;
        });
    }

    private int applyAndAnnounce(Connection c, DeliveryReport r, String to, String error) throws SQLException {
        int applied = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox SET status = ?, delivered_at = ?, error = CASE WHEN ? = 'failed' THEN ? ELSE error END
                 WHERE gateway_message_id = ? AND status IN ('sent', 'unknown', 'sending')
                RETURNING chain_id, id, campaign_id, customer_id""")) {
            ps.setString(1, to);
            ps.setObject(2, Ledger.odt(r.at()));
            ps.setString(3, to);
            ps.setString(4, error);
            ps.setString(5, r.gatewayMessageId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    applied++;
                    if ("delivered".equals(to)) {
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("message_id", rs.getLong(2));
                        data.put("campaign_id", rs.getLong(3));
                        data.put("customer_id", rs.getLong(4));
                        data.put("delivered_at", r.at().toString());
                        webhooks.emit(c, rs.getLong(1), WebhookEventType.CAMPAIGN_MESSAGE_DELIVERED, rs.getLong(4), () -> data,
                                java.time.Instant.now());
                    }
                }
            }
        }
        return applied;
    }

    private static boolean known(Connection c, String gatewayMessageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sms_outbox WHERE gateway_message_id = ? LIMIT 1")) {
            ps.setString(1, gatewayMessageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void optOut(StopReply reply) {
        optOuts.byReply(reply);
    }
}
