package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Sql;

/**
 * The SMS outbox: rows are queued once per (campaign, customer, occasion), claimed by one worker with
 * FOR UPDATE SKIP LOCKED, marked before the gateway is called and after it answered. A row claimed by a
 * worker that died is put back in the queue if the gateway was never called for it, and otherwise marked
 * unknown (never sent twice: at most once is the promise to the customer).
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EarlyReports early;

    /** A claimed message with what the send-time checks need. */
    public record Claimed(long chainId, long id, long campaignId, String kind, long customerId, String phone,
            String text, boolean consent, String timezone, Integer campaignCap) {
    }

    public long[] allocateIds(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('sms_outbox_id_seq') FROM generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    /** The skip reason of a customer held out as a campaign's control group (docs/adr/0043-holdout-groups.md). */
    public static final String HELD_OUT = "held_out";

    /** Queues the rows that are not queued yet; returns the customers whose message is new. */
    public List<Long> insert(Connection c, long chainId, long campaignId, List<OutboxRow> rows) throws SQLException {
        return insert(c, chainId, campaignId, rows, "queued", null);
    }

    /**
     * Records held-out customers under the key their message would have had, as skipped rows that are never
     * claimed; returns the customers recorded now (a rerun finds them recorded and adds nothing).
     */
    public List<Long> insertHeldOut(Connection c, long chainId, long campaignId, List<OutboxRow> rows) throws SQLException {
        return insert(c, chainId, campaignId, rows, "skipped", HELD_OUT);
    }

    private List<Long> insert(Connection c, long chainId, long campaignId, List<OutboxRow> rows, String status,
            String skipReason) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        int n = rows.size();
        Long[] ids = new Long[n];
        Long[] customers = new Long[n];
        String[] occasions = new String[n];
        String[] phones = new String[n];
        String[] languages = new String[n];
        String[] texts = new String[n];
        Integer[] parts = new Integer[n];
        Timestamp[] notBefore = new Timestamp[n];
        String[] codes = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxRow r = rows.get(i);
            ids[i] = r.id();
            customers[i] = r.customerId();
            occasions[i] = r.occasion();
            phones[i] = r.phone();
            languages[i] = r.language();
            texts[i] = r.text();
            parts[i] = r.parts();
            notBefore[i] = Timestamp.from(r.notBefore());
            codes[i] = r.promoCode();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sms_outbox (chain_id, id, campaign_id, customer_id, occasion, phone, language, text, parts,
                                        status, skip_reason, not_before, promo_code)
                SELECT ?, u.id, ?, u.customer_id, u.occasion, u.phone, u.language, u.text, u.parts, ?, ?, u.not_before, u.code
                  FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                              ?::timestamptz[], ?::text[])
                       AS u(id, customer_id, occasion, phone, language, text, parts, not_before, code)
                ON CONFLICT (chain_id, campaign_id, customer_id, occasion) DO NOTHING RETURNING customer_id""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, campaignId);
            ps.setString(3, status);
            ps.setString(4, skipReason);
            ps.setArray(5, c.createArrayOf("bigint", ids));
            ps.setArray(6, c.createArrayOf("bigint", customers));
            ps.setArray(7, c.createArrayOf("text", occasions));
            ps.setArray(8, c.createArrayOf("text", phones));
            ps.setArray(9, c.createArrayOf("text", languages));
            ps.setArray(10, c.createArrayOf("text", texts));
            ps.setArray(11, c.createArrayOf("int4", parts));
            ps.setArray(12, c.createArrayOf("timestamptz", notBefore));
            ps.setArray(13, c.createArrayOf("text", codes));
            List<Long> queued = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    queued.add(rs.getLong(1));
                }
            }
            return queued;
        }
    }

    /** Claims up to {@code limit} due messages for this worker; the caller commits. */
    public List<Claimed> claim(Connection c, long workerId, Instant now, int limit) throws SQLException {
        List<long[]> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT chain_id, id FROM sms_outbox WHERE status = 'queued' AND not_before <= ?
                 ORDER BY not_before, id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            ps.setObject(1, Ledger.odt(now));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new long[] { rs.getLong(1), rs.getLong(2) });
                }
            }
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        Long[] chains = keys.stream().map(k -> k[0]).toArray(Long[]::new);
        Long[] ids = keys.stream().map(k -> k[1]).toArray(Long[]::new);
        List<Claimed> out = new ArrayList<>(keys.size());
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox o SET status = 'sending', claimed_by = ?, claimed_at = ?
                  FROM unnest(?::bigint[], ?::bigint[]) AS k(chain_id, id), campaigns ca, customers cu
                  LEFT JOIN stores s ON s.chain_id = cu.chain_id AND s.id = cu.home_store_id
                 WHERE o.chain_id = k.chain_id AND o.id = k.id
                   AND ca.chain_id = o.chain_id AND ca.id = o.campaign_id
                   AND cu.chain_id = o.chain_id AND cu.id = o.customer_id
                RETURNING o.chain_id, o.id, o.campaign_id, ca.kind, o.customer_id, o.phone, o.text, cu.sms_consent,
                          s.timezone, ca.weekly_cap""")) {
            ps.setLong(1, workerId);
            ps.setObject(2, Ledger.odt(now));
            ps.setArray(3, c.createArrayOf("bigint", chains));
            ps.setArray(4, c.createArrayOf("bigint", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer cap = (Integer) rs.getObject(10);
                    out.add(new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9), cap));
                }
            }
        }
        // the send-time checks lock customers in this order, so two workers never wait on each other in a cycle
        out.sort(java.util.Comparator.comparingLong(Claimed::chainId).thenComparingLong(Claimed::customerId));
        return out;
    }

    /** Messages this customer was sent (or is being sent) since {@code since}, other than this one. */
    public int sentSince(Connection c, long chainId, long customerId, long exceptId, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM sms_outbox WHERE chain_id = ? AND customer_id = ? AND id <> ? AND claimed_at >= ?
                   AND (status IN ('sent', 'delivered', 'unknown') OR (status = 'sending' AND attempted_at IS NOT NULL))""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.setLong(3, exceptId);
            ps.setObject(4, Ledger.odt(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void skip(Connection c, long chainId, long id, String reason) throws SQLException {
        Sql.update(c, "UPDATE sms_outbox SET status = 'skipped', skip_reason = ? WHERE chain_id = ? AND id = ?",
                reason, chainId, id);
    }

    /** Back in the queue, to go at {@code notBefore} (quiet hours, a gateway outage). */
    public void requeue(Connection c, long chainId, long id, Instant notBefore) throws SQLException {
        Sql.update(c, """
                UPDATE sms_outbox SET status = 'queued', not_before = ?, claimed_by = NULL, claimed_at = NULL,
                       attempted_at = NULL WHERE chain_id = ? AND id = ?""", Ledger.odt(notBefore), chainId, id);
    }

    /** Written and committed before the gateway is called: after a crash this row is not sent again. */
    public void attempting(Connection c, long chainId, long id, Instant now) throws SQLException {
        Sql.update(c, "UPDATE sms_outbox SET attempted_at = ?, attempts = attempts + 1 WHERE chain_id = ? AND id = ?",
                Ledger.odt(now), chainId, id);
    }

    /** A message the gateway took, with its id there and the parts it counted. */
    public record Accepted(long chainId, long id, String gatewayMessageId, int parts) {
    }

    /**
     * The messages the gateway took, in one statement. On a connection in auto-commit: a receipt that came before
     * the ids were stored is applied after they are.
     */
    public int sent(Connection c, List<Accepted> accepted, String gateway, Instant now) throws SQLException {
        int n = accepted.size();
        Long[] chains = new Long[n];
        Long[] ids = new Long[n];
        String[] gatewayIds = new String[n];
        Integer[] parts = new Integer[n];
        for (int i = 0; i < n; i++) {
            Accepted a = accepted.get(i);
            chains[i] = a.chainId();
            ids[i] = a.id();
            gatewayIds[i] = a.gatewayMessageId();
            parts[i] = a.parts();
        }
        int updated;
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox o SET status = 'sent', sent_at = ?, gateway = ?, gateway_message_id = u.gateway_id,
                       parts = u.parts
                  FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::int[]) AS u(chain_id, id, gateway_id, parts)
                 WHERE o.chain_id = u.chain_id AND o.id = u.id""")) {
            ps.setObject(1, Ledger.odt(now));
            ps.setString(2, gateway);
            ps.setArray(3, c.createArrayOf("bigint", chains));
            ps.setArray(4, c.createArrayOf("bigint", ids));
            ps.setArray(5, c.createArrayOf("text", gatewayIds));
            ps.setArray(6, c.createArrayOf("int4", parts));
            updated = ps.executeUpdate();
        }
        early.applyByIds(c, java.util.Arrays.stream(gatewayIds).filter(java.util.Objects::nonNull).toArray(String[]::new));
        return updated;
    }

    /** Messages that never left back in the queue, to go at {@code notBefore}. */
    public int requeue(Connection c, List<Claimed> messages, Instant notBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE sms_outbox o SET status = 'queued', not_before = ?, claimed_by = NULL, claimed_at = NULL,
                       attempted_at = NULL, attempts = CASE WHEN o.attempted_at IS NULL THEN o.attempts ELSE o.attempts - 1 END
                  FROM unnest(?::bigint[], ?::bigint[]) AS u(chain_id, id)
                 WHERE o.chain_id = u.chain_id AND o.id = u.id AND o.status = 'sending'""")) {
            ps.setObject(1, Ledger.odt(notBefore));
            ps.setArray(2, c.createArrayOf("bigint", messages.stream().map(Claimed::chainId).toArray(Long[]::new)));
            ps.setArray(3, c.createArrayOf("bigint", messages.stream().map(Claimed::id).toArray(Long[]::new)));
            return ps.executeUpdate();
        }
    }

    public void failed(Connection c, long chainId, long id, String error) throws SQLException {
        Sql.update(c, "UPDATE sms_outbox SET status = 'failed', error = ? WHERE chain_id = ? AND id = ?",
                error == null ? null : error.substring(0, Math.min(error.length(), 256)), chainId, id);
    }

    public void unknown(Connection c, long chainId, long id, String error) throws SQLException {
        Sql.update(c, "UPDATE sms_outbox SET status = 'unknown', error = ? WHERE chain_id = ? AND id = ?",
                error == null ? null : error.substring(0, Math.min(error.length(), 256)), chainId, id);
    }

    /** Rows of dead workers: never attempted go back to the queue, attempted become unknown. */
    public int recover(Connection c, long deadWorkerId) throws SQLException {
        int n = Sql.update(c, """
                UPDATE sms_outbox SET status = 'queued', claimed_by = NULL, claimed_at = NULL
                 WHERE claimed_by = ? AND status = 'sending' AND attempted_at IS NULL""", deadWorkerId);
        return n + Sql.update(c, """
                UPDATE sms_outbox SET status = 'unknown', error = 'the worker stopped while the gateway was being called'
                 WHERE claimed_by = ? AND status = 'sending'""", deadWorkerId);
    }

    /** Workers that hold claimed rows. */
    public List<Long> claimers(Connection c) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT claimed_by FROM sms_outbox WHERE status = 'sending'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
