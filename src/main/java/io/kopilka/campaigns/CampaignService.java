package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.reports.SegmentFilter;

/**
 * Head office's promo campaigns: drafted, previewed (audience and cost), launched for a time, cancelled
 * while not yet sent; and every campaign's numbers. The batch job does the queueing and sending.
 */
@ApplicationScoped
public class CampaignService {

    /** A campaign view's columns, the held-out count included; the job's due campaigns use them too. */
    static final String COLUMNS = """
            SELECT id, kind, name, status, audience, templates, personal_promo, send_at, weekly_cap, queued_count,
                   created_at, launched_at, queued_at, finished_at, holdout_percent,
                   (SELECT count(*) FROM sms_outbox o WHERE o.chain_id = campaigns.chain_id AND o.campaign_id = campaigns.id
                       AND o.status = 'skipped' AND o.skip_reason = 'held_out') AS held_out
              FROM campaigns""";

    private static final String VIEW = COLUMNS + " WHERE chain_id = ?";

    @Inject
    Transactions tx;

    @Inject
    ObjectMapper json;

    @Inject
    AuditLog audit;

    @Inject
    CampaignSettingsStore settingsStore;

    @Inject
    CampaignPlanner planner;

    @Inject
    SegmentFilter segments;

    /**
     * The control share of a campaign created without one and of a standing campaign when it is created; the
     * column's own default (V24) is the same 10.
     */
    @ConfigProperty(name = "kopilka.campaigns.default-holdout-percent", defaultValue = "10")
    int defaultHoldoutPercent;

    int defaultHoldout() {
        if (defaultHoldoutPercent < 0 || defaultHoldoutPercent > Holdout.MAX_PERCENT) {
            throw new IllegalStateException("kopilka.campaigns.default-holdout-percent must be between 0 and "
                    + Holdout.MAX_PERCENT + ", not " + defaultHoldoutPercent);
        }
        return defaultHoldoutPercent;
    }

    public CampaignView create(StaffIdentity who, CampaignRequest r) {
        who.requireHeadOffice();
        CampaignValidator.campaign(r);
        return tx.read(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, personal_promo, send_at,
                                           weekly_cap, holdout_percent, created_by)
                    VALUES (?, 'promo', ?, 'draft', ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?) RETURNING id""")) {
                bindDefinition(ps, who.chainId(), r);
                ps.setInt(8, r.holdoutPercent() == null ? defaultHoldout() : r.holdoutPercent());
                ps.setLong(9, who.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            CampaignView view = find(c, who.chainId(), id);
            audit.record(who, "create", "campaign", id, null, view);
            return view;
        });
    }

    public CampaignView update(StaffIdentity who, long id, CampaignRequest r) {
        who.requireHeadOffice();
        CampaignValidator.campaign(r);
        return tx.read(c -> {
            CampaignView before = find(c, who.chainId(), id);
            if (r.holdoutPercent() != null && r.holdoutPercent() != before.holdoutPercent()) {
                requireNothingQueued(c, who.chainId(), id, "holdout_percent");
            }
            requireStatus(before, "draft", "Only a draft can be changed; cancel and copy a launched campaign");
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE campaigns SET name = ?, audience = ?::jsonb, templates = ?::jsonb, personal_promo = ?::jsonb,
                           send_at = ?, weekly_cap = ?, holdout_percent = coalesce(?, holdout_percent)
                     WHERE chain_id = ? AND id = ? AND status = 'draft'""")) {
                ps.setString(1, r.name());
                ps.setString(2, write(r.audience() == null ? Audience.everyone() : r.audience()));
                ps.setString(3, write(r.templates()));
                ps.setString(4, r.personalPromo() == null ? null : write(r.personalPromo()));
                ps.setObject(5, r.sendAt());
                ps.setObject(6, r.weeklyCap());
                ps.setObject(7, r.holdoutPercent());
                ps.setLong(8, who.chainId());
                ps.setLong(9, id);
                ps.executeUpdate();
            }
            CampaignView after = find(c, who.chainId(), id);
            audit.record(who, "update", "campaign", id, before, after);
            return after;
        });
    }

    public List<CampaignView> list(StaffIdentity who) {
        who.requireHeadOffice();
        return tx.read(c -> query(c, VIEW + " ORDER BY id DESC LIMIT 500", who.chainId()));
    }

    public CampaignView get(StaffIdentity who, long id) {
        who.requireHeadOffice();
        return tx.read(c -> find(c, who.chainId(), id));
    }

    /** The audience and cost if the campaign were queued now; nothing is written. */
    public Preview preview(StaffIdentity who, long id) {
        who.requireHeadOffice();
        return tx.read(c -> {
            CampaignView v = find(c, who.chainId(), id);
            CampaignSettings settings = settingsStore.load(c, who.chainId());
            return preview(c, who.chainId(), v, settings, Instant.now());
        });
    }

    Preview preview(Connection c, long chainId, CampaignView v, CampaignSettings settings, Instant now) throws SQLException {
        MessagePlan plan = promoPlan(chainId, v, settings, now);
        CampaignPlanner.Planned p = planner.plan(plan, settings, settingsStore.secretIfAny(c, chainId), false, now);
        return new Preview(p.audience(), p.heldOut(), p.smsParts(), p.smsParts() * settings.smsPartPriceMinor(), currency(c, chainId),
                p.byLanguage(), p.sample());
    }

    MessagePlan promoPlan(long chainId, CampaignView v, CampaignSettings settings, Instant now) {
        AudienceQuery audience = new AudienceQuery(chainId, v.audience(), now, settings.zone(), segments, null, null);
        Instant sendAt = v.sendAt() == null || v.sendAt().toInstant().isBefore(now) ? now : v.sendAt().toInstant();
        return new MessagePlan(chainId, v.id(), "promo", v.templates(), v.personalPromo(), audience, r -> "", sendAt, null, null,
                v.holdoutPercent());
    }

    public CampaignView launch(StaffIdentity who, long id) {
        return transition(who, id, "draft", "scheduled", "launch", "Only a draft can be launched");
    }

    public CampaignView cancel(StaffIdentity who, long id) {
        CampaignView v = transition(who, id, "scheduled", "cancelled", "cancel",
                "Only a scheduled campaign that has not started queueing can be cancelled");
        return v;
    }

    private CampaignView transition(StaffIdentity who, long id, String from, String to, String action, String refusal) {
        who.requireHeadOffice();
        return tx.read(c -> {
            CampaignView before = find(c, who.chainId(), id);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE campaigns SET status = ?, launched_at = CASE WHEN ? = 'scheduled' THEN now() ELSE launched_at END,
                           finished_at = CASE WHEN ? = 'cancelled' THEN now() ELSE finished_at END,
                           send_at = CASE WHEN ? = 'scheduled' THEN coalesce(send_at, now()) ELSE send_at END
                     WHERE chain_id = ? AND id = ? AND status = ?""")) {
                ps.setString(1, to);
                ps.setString(2, to);
                ps.setString(3, to);
                ps.setString(4, to);
                ps.setLong(5, who.chainId());
                ps.setLong(6, id);
                ps.setString(7, from);
                if (ps.executeUpdate() == 0) {
                    throw Problems.conflict("campaign-state", "The campaign is " + before.status(), refusal);
                }
            }
            CampaignView after = find(c, who.chainId(), id);
            audit.record(who, action, "campaign", id, before, after);
            return after;
        });
    }

    public CampaignStats stats(StaffIdentity who, long id) {
        who.requireHeadOffice();
        return tx.read(c -> {
            find(c, who.chainId(), id);
            CampaignSettings settings = settingsStore.load(c, who.chainId());
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT count(*),
                           count(*) FILTER (WHERE status IN ('queued', 'sending')),
                           count(*) FILTER (WHERE status IN ('sent', 'delivered')),
                           count(*) FILTER (WHERE status = 'delivered'),
                           count(*) FILTER (WHERE status = 'failed'),
                           count(*) FILTER (WHERE status = 'unknown'),
                           count(*) FILTER (WHERE status = 'skipped' AND skip_reason IS DISTINCT FROM 'held_out'),
                           (SELECT count(DISTINCT customer_id) FROM consent_events e
                             WHERE e.chain_id = o.chain_id AND e.campaign_id = ? AND NOT e.consent),
                           count(*) FILTER (WHERE sent_at IS NOT NULL AND EXISTS (
                               SELECT 1 FROM receipts r WHERE r.chain_id = o.chain_id AND r.customer_id = o.customer_id
                                  AND r.status = 'confirmed' AND r.occurred_at >= o.sent_at
                                  AND r.occurred_at < o.sent_at + interval '14 days')),
                           coalesce(sum(parts) FILTER (WHERE status IN ('sent', 'delivered', 'unknown')), 0),
                           count(*) FILTER (WHERE status = 'skipped' AND skip_reason = 'daily_cap'),
                           count(*) FILTER (WHERE status = 'skipped' AND skip_reason = 'held_out')
                      FROM sms_outbox o WHERE o.chain_id = ? AND o.campaign_id = ?
                     GROUP BY o.chain_id""")) {
                ps.setLong(1, id);
                ps.setLong(2, who.chainId());
                ps.setLong(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new CampaignStats(id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
                    }
                    long parts = rs.getLong(10);
                    return new CampaignStats(id, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), parts,
                            parts * settings.smsPartPriceMinor(), rs.getLong(11), rs.getLong(12));
                }
            }
        });
    }

    public CampaignSettings settings(StaffIdentity who) {
        who.requireHeadOffice();
        return tx.read(c -> withShares(c, who.chainId(), settingsStore.load(c, who.chainId())));
    }

    public CampaignSettings saveSettings(StaffIdentity who, CampaignSettings s) {
        who.requireHeadOffice();
        CampaignValidator.settings(s);
        return tx.read(c -> {
            CampaignSettings before = withShares(c, who.chainId(), settingsStore.load(c, who.chainId()));
            saveShares(c, who.chainId(), s);
            settingsStore.save(c, who.chainId(), settingsStore.withDefaults(s));
            CampaignSettings after = withShares(c, who.chainId(), settingsStore.load(c, who.chainId()));
            audit.record(who, "update", "campaign_settings", who.chainId(), before, after);
            return after;
        });
    }

    /** The standing campaigns' control shares are their rows' column; the settings document only carries them. */
    private CampaignSettings withShares(Connection c, long chainId, CampaignSettings s) throws SQLException {
        Map<String, Integer> shares = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, holdout_percent FROM campaigns WHERE chain_id = ? AND kind <> 'promo'")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    shares.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return s.withHoldouts(share(shares, "birthday"), share(shares, "expiring"), share(shares, "win_back"),
                share(shares, "welcome"));
    }

    private int share(Map<String, Integer> shares, String kind) {
        return shares.getOrDefault(kind, defaultHoldout());
    }

    /** Each share given that differs from its standing campaign's; refused for a campaign that queued anything. */
    private void saveShares(Connection c, long chainId, CampaignSettings s) throws SQLException {
        Map<String, Integer> given = new java.util.LinkedHashMap<>();
        given.put("birthday", s.birthday() == null ? null : s.birthday().holdoutPercent());
        given.put("expiring", s.expiringPoints() == null ? null : s.expiringPoints().holdoutPercent());
        given.put("win_back", s.winBack() == null ? null : s.winBack().holdoutPercent());
        given.put("welcome", s.welcome() == null ? null : s.welcome().holdoutPercent());
        for (Map.Entry<String, Integer> e : given.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            // the share a client sends back unchanged creates no standing campaign
            if (existingStanding(c, chainId, e.getKey()).holdoutPercent() == e.getValue()) {
                continue;
            }
            StandingCampaign campaign = standingCampaign(c, chainId, e.getKey());
            requireNothingQueued(c, chainId, campaign.id(), CampaignSettings.field(e.getKey()) + ".holdout_percent");
            Sql.update(c, "UPDATE campaigns SET holdout_percent = ? WHERE chain_id = ? AND id = ?", e.getValue(), chainId,
                    campaign.id());
        }
    }

    /**
     * A control share is fixed once the campaign has queued or held out anyone: a new share would move customers
     * between the groups after the fact and the uplift measurement would lie.
     */
    private static void requireNothingQueued(Connection c, long chainId, long campaignId, String field)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM sms_outbox WHERE chain_id = ? AND campaign_id = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                if (rows > 0) {
                    throw Problems.conflict("holdout-locked", "The control share of a campaign that has run cannot change",
                            "Campaign " + campaignId + " has already queued or held out " + rows + " customers; its "
                                    + field + " stays as it is", Map.of("field", field, "campaign_id", campaignId));
                }
            }
        }
    }

    /** The standing campaign of birthdays or a trigger with its control share, created on first use. */
    StandingCampaign standingCampaign(Connection c, long chainId, String kind) throws SQLException {
        long id = standing(c, chainId, kind);
        try (PreparedStatement ps = c.prepareStatement("SELECT holdout_percent FROM campaigns WHERE chain_id = ? AND id = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new StandingCampaign(id, rs.getInt(1));
            }
        }
    }

    /** For a dry run, which writes nothing: the standing campaign if it exists, else what it would be created as. */
    StandingCampaign existingStanding(Connection c, long chainId, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, holdout_percent FROM campaigns WHERE chain_id = ? AND kind = ?")) {
            ps.setLong(1, chainId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new StandingCampaign(rs.getLong(1), rs.getInt(2))
                        : new StandingCampaign(0, defaultHoldout());
            }
        }
    }

    /** The standing campaign of birthdays or a trigger, created on first use. */
    long standing(Connection c, long chainId, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, holdout_percent)
                VALUES (?, ?, ?, 'sending', '{}'::jsonb, '{}'::jsonb, ?)
                ON CONFLICT (chain_id, kind) WHERE kind <> 'promo' DO NOTHING""")) {
            ps.setLong(1, chainId);
            ps.setString(2, kind);
            ps.setString(3, switch (kind) {
                case "birthday" -> "Birthday greetings";
                case "expiring" -> "Points expiring soon";
                case "win_back" -> "Win-back";
                default -> "Welcome";
            });
            ps.setInt(4, defaultHoldout());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM campaigns WHERE chain_id = ? AND kind = ?")) {
            ps.setLong(1, chainId);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    CampaignView find(Connection c, long chainId, long id) throws SQLException {
        List<CampaignView> found = query(c, VIEW + " AND id = ?", chainId, id);
        if (found.isEmpty()) {
            throw Problems.notFound("Campaign " + id);
        }
        return found.get(0);
    }

    List<CampaignView> query(Connection c, String sql, Object... args) throws SQLException {
        return Sql.rows(c, this::view, sql, args);
    }

    private CampaignView view(ResultSet rs) throws SQLException {
        return new CampaignView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                read(rs.getString(5), Audience.class), read(rs.getString(6), new TypeReference<Map<String, String>>() {
                }), rs.getString(7) == null ? null : read(rs.getString(7), PersonalPromo.class),
                rs.getObject(8, OffsetDateTime.class), (Integer) rs.getObject(9), (Integer) rs.getObject(10),
                rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class),
                rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class), rs.getInt(15),
                rs.getLong(16));
    }

    private void bindDefinition(PreparedStatement ps, long chainId, CampaignRequest r) throws SQLException {
        ps.setLong(1, chainId);
        ps.setString(2, r.name());
        ps.setString(3, write(r.audience() == null ? Audience.everyone() : r.audience()));
        ps.setString(4, write(r.templates()));
        ps.setString(5, r.personalPromo() == null ? null : write(r.personalPromo()));
        ps.setObject(6, r.sendAt());
        ps.setObject(7, r.weeklyCap());
    }

    static String currency(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT currency FROM chains WHERE id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void requireStatus(CampaignView v, String status, String detail) {
        if (!status.equals(v.status())) {
            throw Problems.conflict("campaign-state", "The campaign is " + v.status(), detail);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String s, TypeReference<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
