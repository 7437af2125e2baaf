package io.kopilka.campaigns;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes a chain's campaign settings; a chain that never saved any gets the defaults. A chain that has
 * not chosen its own opt-out link base follows the installation's {@code kopilka.public-base-url}: the stored
 * document leaves it out (null), so a new public address reaches every such chain's next message.
 */
@ApplicationScoped
public class CampaignSettingsStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kopilka.public-base-url", defaultValue = "http://localhost:8080")
    String publicBaseUrl;

    public CampaignSettings defaults() {
        return CampaignSettings.defaults(publicBaseUrl);
    }

    /**
     * What is stored: the installation's own address is not copied into the chain's document, and the control
     * shares live on the standing campaigns' rows (CampaignService), not here.
     */
    private CampaignSettings stored(CampaignSettings full) {
        CampaignSettings s = full.withHoldouts(null, null, null, null);
        if (s.optOutBaseUrl() == null || !OptOutLinks.sameBase(s.optOutBaseUrl(), publicBaseUrl)) {
            return s;
        }
        return new CampaignSettings(s.quietHoursStart(), s.quietHoursEnd(), s.weeklyCap(), s.smsPartPriceMinor(),
                s.defaultLanguage(), s.defaultTimezone(), null, s.birthday(), s.expiringPoints(), s.winBack(), s.welcome());
    }

    public CampaignSettings load(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT document FROM campaign_settings WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return defaults();
                }
                return withDefaults(json.readValue(rs.getString(1), CampaignSettings.class));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored campaign settings of chain " + chainId + " are unreadable", e);
        }
    }

    public void save(Connection c, long chainId, CampaignSettings settings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO campaign_settings (chain_id, document, opt_out_secret) VALUES (?, ?::jsonb, ?)
                ON CONFLICT (chain_id) DO UPDATE SET document = excluded.document, updated_at = now()""")) {
            ps.setLong(1, chainId);
            ps.setString(2, json.writeValueAsString(stored(settings)));
            ps.setBytes(3, newSecret());
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key that signs this chain's opt-out links, created with the chain's first settings row. */
    public byte[] optOutSecret(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO campaign_settings (chain_id, document, opt_out_secret) VALUES (?, ?::jsonb, ?)
                ON CONFLICT (chain_id) DO NOTHING""")) {
            ps.setLong(1, chainId);
            ps.setString(2, json.writeValueAsString(stored(defaults())));
            ps.setBytes(3, newSecret());
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT opt_out_secret FROM campaign_settings WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    /**
     * The chain's secret without creating it, for what only reads (a preview, a dry run); zeros for a chain that
     * has none yet, whose control group is then only an estimate of the one a run will draw.
     */
    public byte[] secretIfAny(Connection c, long chainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT opt_out_secret FROM campaign_settings WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : new byte[32];
            }
        }
    }

    /** Fields a client left out keep their default values. */
    CampaignSettings withDefaults(CampaignSettings s) {
        CampaignSettings d = defaults();
        return new CampaignSettings(or(s.quietHoursStart(), d.quietHoursStart()), or(s.quietHoursEnd(), d.quietHoursEnd()),
                or(s.weeklyCap(), d.weeklyCap()), or(s.smsPartPriceMinor(), d.smsPartPriceMinor()),
                or(s.defaultLanguage(), d.defaultLanguage()), or(s.defaultTimezone(), d.defaultTimezone()),
                or(s.optOutBaseUrl(), d.optOutBaseUrl()), birthday(s.birthday(), d.birthday()),
                trigger(s.expiringPoints(), d.expiringPoints()), trigger(s.winBack(), d.winBack()),
                trigger(s.welcome(), d.welcome()));
    }

    private static CampaignSettings.Birthday birthday(CampaignSettings.Birthday s, CampaignSettings.Birthday d) {
        if (s == null) {
            return d;
        }
        return new CampaignSettings.Birthday(or(s.enabled(), d.enabled()), or(s.daysBefore(), d.daysBefore()),
                or(s.grantBonus(), d.grantBonus()), s.templates() == null || s.templates().isEmpty() ? d.templates() : s.templates(),
                s.holdoutPercent());
    }

    private static CampaignSettings.Trigger trigger(CampaignSettings.Trigger s, CampaignSettings.Trigger d) {
        if (s == null) {
            return d;
        }
        return new CampaignSettings.Trigger(or(s.enabled(), d.enabled()), or(s.days(), d.days()),
                s.templates() == null || s.templates().isEmpty() ? d.templates() : s.templates(), s.holdoutPercent());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static byte[] newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }
}
