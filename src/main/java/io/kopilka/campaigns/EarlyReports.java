package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.campaigns.gateway.DeliveryReport;
import io.kopilka.ledger.Ledger;

/**
 * Delivery reports that found no message with their gateway id. An SMSC can send the receipt before the job has
 * stored the id it got in the same moment, and a job killed at the gateway never stores it: such a report is kept,
 * then applied when the id is stored, or matched to the unknown message it belongs to by phone and submit time.
 */
@ApplicationScoped
public class EarlyReports {

    /** How long a report waits for its message; parts 2..n of long messages never find one and go then. */
    static final int KEPT_DAYS = 30;

    public void keep(Connection c, DeliveryReport r, String status, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sms_early_reports (gateway_message_id, status, error, at, phone, submitted_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, r.gatewayMessageId());
            ps.setString(2, status);
            ps.setString(3, error);
            ps.setObject(4, Ledger.odt(r.at()));
            ps.setString(5, r.phone());
            ps.setObject(6, r.submittedAt() == null ? null : Ledger.odt(r.submittedAt()));
            ps.executeUpdate();
        }
    }

    /**
     * Applies the latest kept report for this id once a message has it. Called by both sides after their own commit
     * (the report after keeping it, the sender after storing the id), so whichever comes second sees the other.
     */
    public int applyById(Connection c, String gatewayMessageId) throws SQLException {
        return applyByIds(c, new String[] { gatewayMessageId });
    }

    /** {@link #applyById} for many ids in one statement: each message takes the latest of its kept reports. */
    public int applyByIds(Connection c, String[] gatewayMessageIds) throws SQLException {
        if (gatewayMessageIds.length == 0) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                WITH kept AS (
                    DELETE FROM sms_early_reports r WHERE r.gateway_message_id = ANY (?)
                       AND EXISTS (SELECT 1 FROM sms_outbox o WHERE o.gateway_message_id = r.gateway_message_id)
                    RETURNING gateway_message_id, status, error, at),
                latest AS (SELECT DISTINCT ON (gateway_message_id) * FROM kept ORDER BY gateway_message_id, at DESC)
                UPDATE sms_outbox o SET status = latest.status, delivered_at = latest.at,
                       error = CASE WHEN latest.status = 'failed' THEN latest.error ELSE o.error END
                  FROM latest WHERE o.gateway_message_id = latest.gateway_message_id
                   AND o.gateway_message_id = ANY (?)
                   AND o.status IN ('sent', 'unknown', 'sending')""")) {
            // the ids again on the outbox: planned for an empty CTE, the update otherwise walked every message
            // ever sent (58 ms a call after 70,000 messages, the sender's bottleneck in deploy/bench/campaigns.sh)
            java.sql.Array ids = c.createArrayOf("text", gatewayMessageIds);
            ps.setArray(1, ids);
            ps.setArray(2, ids);
            return ps.executeUpdate();
        }
    }

    /**
     * Unknown messages without a gateway id (the job died at the gateway) take the first kept report from their
     * phone submitted within a minute or two of the attempt (SMPP dates have minutes only), but only while no other
     * message went to that phone within 5 minutes of it, so a report is never pinned on the wrong message.
     * {@code phone} null: every phone.
     */
    public int matchUnknown(Connection c, String phone) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH m AS (
                    SELECT DISTINCT ON (o.chain_id, o.id) o.chain_id, o.id, r.id AS report_id, r.gateway_message_id,
                           r.status, r.error, r.at
                      FROM sms_outbox o
                      JOIN sms_early_reports r ON r.phone = o.phone
                           AND r.submitted_at BETWEEN date_trunc('minute', o.attempted_at) - interval '1 minute'
                                                  AND o.attempted_at + interval '2 minutes'
                     WHERE o.status = 'unknown' AND o.gateway_message_id IS NULL AND o.attempted_at IS NOT NULL
                       AND (?::text IS NULL OR o.phone = ?)
                       AND NOT EXISTS (SELECT 1 FROM sms_outbox x WHERE x.phone = o.phone
                              AND x.attempted_at BETWEEN o.attempted_at - interval '5 minutes' AND o.attempted_at + interval '5 minutes'
                              AND (x.chain_id, x.id) <> (o.chain_id, o.id))
                     ORDER BY o.chain_id, o.id, r.submitted_at, r.id),
                used AS (DELETE FROM sms_early_reports r USING m WHERE r.id = m.report_id)
                UPDATE sms_outbox o SET status = m.status, gateway_message_id = m.gateway_message_id, delivered_at = m.at,
                       sent_at = coalesce(o.sent_at, o.attempted_at),
                       error = CASE WHEN m.status = 'failed' THEN m.error
                                    ELSE 'the worker stopped at the gateway; resolved by the delivery report' END
                  FROM m WHERE o.chain_id = m.chain_id AND o.id = m.id AND o.status = 'unknown'""")) {
            ps.setString(1, phone);
            ps.setString(2, phone);
            return ps.executeUpdate();
        }
    }

    /** Lets go of the reports that waited {@link #KEPT_DAYS} in vain; returns how many. */
    public int forget(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sms_early_reports WHERE received_at < ?")) {
            ps.setObject(1, Ledger.odt(now.minus(KEPT_DAYS, ChronoUnit.DAYS)));
            return ps.executeUpdate();
        }
    }
}
