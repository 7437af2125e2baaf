package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.campaigns.gateway.StopReply;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Transactions;

/**
 * Withdrawn SMS consent: by a STOP reply (the chain whose message it answers) or by the signed link in a
 * message. Consent is cleared at once, so the sender's check before the next message already sees it, and
 * each opt-out is kept with its time, source and the message it answered.
 */
@ApplicationScoped
public class OptOuts {

    @Inject
    Transactions tx;

    @Inject
    CampaignSettingsStore settings;

    /** The message a link points to, for the confirmation page; null when the link is not one of ours. */
    public record LinkTarget(long chainId, long outboxId, long customerId, long campaignId, String language) {
    }

    public LinkTarget resolve(String token) {
        OptOutLinks.Target t = OptOutLinks.parse(token);
        if (t == null) {
            return null;
        }
        return tx.read(c -> {
            byte[] secret;
            try (PreparedStatement ps = c.prepareStatement("SELECT opt_out_secret FROM campaign_settings WHERE chain_id = ?")) {
                ps.setLong(1, t.chainId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    secret = rs.getBytes(1);
                }
            }
            if (!OptOutLinks.verify(secret, token)) {
                return null;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT customer_id, campaign_id, language FROM sms_outbox WHERE chain_id = ? AND id = ?")) {
                ps.setLong(1, t.chainId());
                ps.setLong(2, t.outboxId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new LinkTarget(t.chainId(), t.outboxId(), rs.getLong(1), rs.getLong(2), rs.getString(3))
                            : null;
                }
            }
        });
    }

    public void byLink(LinkTarget t, Instant at) {
        tx.inTransaction(c -> {
            optOut(c, t.chainId(), t.customerId(), "link", t.campaignId(), t.outboxId(), at);
            return null;
        });
    }

    /**
     * A STOP from this phone reaches one chain only: that of the message it answers, when the gateway names it, else
     * that of the latest message sent to this phone (chains share the sender name, so it cannot tell them apart).
     * Only the customer that message went to loses consent; every other chain's consent is untouched.
     */
    public int byReply(StopReply reply) {
        return tx.inTransaction(c -> {
            Answered m = reply.answersMessageId() == null ? null : answered(c, reply.phone(), reply.answersMessageId());
            if (m == null) {
                m = answered(c, reply.phone(), null);
            }
            if (m == null) {
                return 0;
            }
            optOut(c, m.chainId(), m.customerId(), reply.source(), m.campaignId(), m.outboxId(), reply.at());
            return 1;
        });
    }

    private record Answered(long chainId, long customerId, long campaignId, long outboxId) {
    }

    /** The message to this phone with this gateway id, or (id null) the latest one; null when there is none. */
    private static Answered answered(Connection c, String phone, String gatewayMessageId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT chain_id, customer_id, campaign_id, id FROM sms_outbox
                 WHERE phone = ? AND attempted_at IS NOT NULL AND status IN ('sent', 'delivered', 'unknown')
                   AND (?::text IS NULL OR gateway_message_id = ?)
                 ORDER BY attempted_at DESC, id DESC LIMIT 1""")) {
            ps.setString(1, phone);
            ps.setString(2, gatewayMessageId);
            ps.setString(3, gatewayMessageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Answered(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)) : null;
            }
        }
    }

    /** Inside the caller's transaction: consent and its event together. */
    private static void optOut(Connection c, long chainId, long customerId, String source, long campaignId, long outboxId,
            Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE customers SET sms_consent = false WHERE chain_id = ? AND id = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO consent_events (chain_id, customer_id, consent, source, campaign_id, outbox_id, at)
                VALUES (?, ?, false, ?, ?, ?, ?)""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.setString(3, source);
            ps.setLong(4, campaignId);
            ps.setLong(5, outboxId);
            ps.setObject(6, Ledger.odt(at));
            ps.executeUpdate();
        }
    }
}
