package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.DeliveryStatus;
import io.kopilka.ledger.Ledger;

/** Delivery receipts update the message's status; an inbound STOP is an opt-out. */
@ApplicationScoped
public class OutboxDeliveryReports implements DeliveryReports {

    @Inject
    DataSource dataSource;

    @Inject
    OptOuts optOuts;

    @Override
    public void delivered(String gatewayMessageId, DeliveryStatus status, Instant at) {
        String to = switch (status) {
            case DELIVERED -> "delivered";
            case FAILED, EXPIRED, REJECTED -> "failed";
            case UNKNOWN -> null;
        };
        if (to == null) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox SET status = ?, delivered_at = ?, error = CASE WHEN ? = 'failed' THEN ? ELSE error END
                 WHERE gateway_message_id = ? AND status IN ('sent', 'unknown', 'sending')""")) {
            ps.setString(1, to);
            ps.setObject(2, Ledger.odt(at));
            ps.setString(3, to);
            ps.setString(4, "delivery report: " + status.name().toLowerCase());
            ps.setString(5, gatewayMessageId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void optOut(String phone, String source, Instant at) {
        optOuts.byReply(phone, source, at);
    }
}
