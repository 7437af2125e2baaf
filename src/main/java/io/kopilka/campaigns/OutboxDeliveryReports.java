package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.campaigns.gateway.DeliveryReport;
import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.StopReply;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Transactions;

/** Delivery receipts update the message's status (or wait for it, EarlyReports); an inbound STOP is an opt-out. */
@ApplicationScoped
public class OutboxDeliveryReports implements DeliveryReports {

    @Inject
    Transactions tx;

    @Inject
    OptOuts optOuts;

    @Inject
    EarlyReports early;

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
        tx.read(c -> {
            if (apply(c, r, to, error) == 0 && !known(c, r.gatewayMessageId())) {
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

    private static int apply(Connection c, DeliveryReport r, String to, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox SET status = ?, delivered_at = ?, error = CASE WHEN ? = 'failed' THEN ? ELSE error END
                 WHERE gateway_message_id = ? AND status IN ('sent', 'unknown', 'sending')""")) {
            ps.setString(1, to);
            ps.setObject(2, Ledger.odt(r.at()));
            ps.setString(3, to);
            ps.setString(4, error);
            ps.setString(5, r.gatewayMessageId());
            return ps.executeUpdate();
        }
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
