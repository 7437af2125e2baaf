package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.AuditLog;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * A campaign's messages for head office, and the resend of those whose fate is unknown. The job never sends an
 * unknown message again by itself (the customer may have it: docs/adr/0014-sms-outbox.md); head office may. A
 * resend puts the message back in the queue as a fresh attempt, with the send-time checks of any message; asking
 * again for a message already resent changes nothing.
 */
@ApplicationScoped
public class CampaignMessages {

    private static final Set<String> STATUSES = Set.of("queued", "sending", "sent", "delivered", "failed", "unknown", "skipped");
    private static final int PAGE = 500;
    private static final String VIEW = """
            SELECT id, customer_id, status, attempted_at, error, resent_at FROM sms_outbox
             WHERE chain_id = ? AND campaign_id = ?""";

    @Inject
    Transactions tx;

    @Inject
    CampaignService campaigns;

    @Inject
    AuditLog audit;

    /** Up to 500 messages of the campaign in this status, after {@code afterId}, in id order. */
    public List<MessageView> list(StaffIdentity who, long campaignId, String status, String after) {
        who.requireHeadOffice();
        if (!STATUSES.contains(status)) {
            throw Problems.invalid("status", "must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        long afterId = afterId(after);
        return tx.read(c -> {
            campaigns.find(c, who.chainId(), campaignId);
            return query(c, VIEW + " AND status = ? AND id > ? ORDER BY id LIMIT " + PAGE, who.chainId(), campaignId, status,
                    afterId);
        });
    }

    private static long afterId(String after) {
        try {
            long id = Long.parseLong(after);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Problems.invalid("after_id", "must be the last message_id of the previous page, 0 or more");
    }

    public MessageView resend(StaffIdentity who, long campaignId, long messageId) {
        who.requireHeadOffice();
        return tx.inTransaction(c -> {
            campaigns.find(c, who.chainId(), campaignId);
            MessageView before = message(c, who.chainId(), campaignId, messageId);
            if (!"unknown".equals(before.status())) {
                if (before.resentAt() != null) {
                    return before; // asked again: the first resend stands
                }
                throw Problems.conflict("message-state", "The message is " + before.status(),
                        "Only a message whose fate is unknown can be resent");
            }
            Instant now = Instant.now();
            if (requeue(c, who, campaignId, messageId, now) == 0) {
                return message(c, who.chainId(), campaignId, messageId); // a report or another click came first
            }
            MessageView after = message(c, who.chainId(), campaignId, messageId);
            audit.record(c, who, "resend", "sms_message", messageId, before, after, now);
            return after;
        });
    }

    /** Every unknown message of the campaign back in the queue; returns how many. */
    public int resendUnknown(StaffIdentity who, long campaignId) {
        who.requireHeadOffice();
        return tx.inTransaction(c -> {
            campaigns.find(c, who.chainId(), campaignId);
            Instant now = Instant.now();
            int n = requeue(c, who, campaignId, null, now);
            if (n > 0) {
                audit.record(c, who, "resend_unknown", "campaign", campaignId, null, new Resent(campaignId, n), now);
            }
            return n;
        });
    }

    /** How many unknown messages went back to the queue, in one head-office request. */
    public record Resent(long campaignId, int resent) {
    }

    /** Unknown → queued, due now; {@code messageId} null: all of the campaign's. */
    private static int requeue(Connection c, StaffIdentity who, long campaignId, Long messageId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox SET status = 'queued', not_before = ?, claimed_by = NULL, claimed_at = NULL,
                       attempted_at = NULL, resent_at = ?, resent_by = ?,
                       error = left('resent by head office; before: ' || coalesce(error, 'unknown'), 256)
                 WHERE chain_id = ? AND campaign_id = ? AND status = 'unknown' AND (?::bigint IS NULL OR id = ?)""")) {
            ps.setObject(1, Ledger.odt(now));
            ps.setObject(2, Ledger.odt(now));
            ps.setLong(3, who.userId());
            ps.setLong(4, who.chainId());
            ps.setLong(5, campaignId);
            ps.setObject(6, messageId);
            ps.setObject(7, messageId);
            return ps.executeUpdate();
        }
    }

    private static MessageView message(Connection c, long chainId, long campaignId, long messageId) throws SQLException {
        List<MessageView> found = query(c, VIEW + " AND id = ?", chainId, campaignId, messageId);
        if (found.isEmpty()) {
            throw Problems.notFound("Message " + messageId + " of campaign " + campaignId);
        }
        return found.get(0);
    }

    private static List<MessageView> query(Connection c, String sql, Object... args) throws SQLException {
        return Sql.rows(c, CampaignMessages::view, sql, args);
    }

    private static MessageView view(ResultSet rs) throws SQLException {
        return new MessageView(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class));
    }
}
