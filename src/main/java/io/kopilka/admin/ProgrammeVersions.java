package io.kopilka.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.rules.Programme;

/**
 * Programme versions of each chain. The checkout reads them from memory; the copy is reloaded when
 * older than a second, so a new version reaches every node within a second without a restart.
 */
@ApplicationScoped
public class ProgrammeVersions {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private record Cached(List<Programme> newestFirst, long loadedAtNanos) {
    }

    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** The version in force at {@code at}; before the first version takes effect, the first version. */
    public Programme active(long chainId, Instant at) {
        List<Programme> versions = cached(chainId);
        for (Programme p : versions) {
            if (!p.effectiveFrom().toInstant().isAfter(at)) {
                return p;
            }
        }
        return versions.get(versions.size() - 1);
    }

    public List<Programme> all(long chainId) {
        return load(chainId);
    }

    private List<Programme> cached(long chainId) {
        Cached c = cache.get(chainId);
        long now = System.nanoTime();
        if (c == null || now - c.loadedAtNanos() > REFRESH_NANOS) {
            c = new Cached(load(chainId), now);
            cache.put(chainId, c);
        }
        return c.newestFirst();
    }

    private List<Programme> load(long chainId) {
        List<Programme> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT version, effective_from, document FROM program_versions WHERE chain_id = ? ORDER BY version DESC")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Programme p = json.readValue(rs.getString(3), Programme.class);
                    out.add(new Programme(rs.getInt(1), rs.getObject(2, OffsetDateTime.class), p.pointValueMinor(),
                            p.earnMode(), p.earnOn(), p.maxRedeemSharePct(), p.minLinePricePct(), p.accrualDelayDays(),
                            p.expiryDays(), p.holdTtlMinutes(), p.tiers(), p.categories(), p.multipliers(),
                            p.welcomePoints(), p.birthday(), p.referral(), p.promoStacking()));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot load the programme of chain " + chainId, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("Chain " + chainId + " has no programme");
        }
        return out;
    }

    /** Stores a version (the caller's transaction) and forgets the cached copy of this node. */
    public void insert(Connection c, long chainId, Programme p, Long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO program_versions (chain_id, version, effective_from, document, created_by)
                VALUES (?, ?, ?, ?::jsonb, ?)""")) {
            ps.setLong(1, chainId);
            ps.setInt(2, p.version());
            ps.setObject(3, p.effectiveFrom());
            ps.setString(4, json.writeValueAsString(p));
            if (userId == null) {
                ps.setNull(5, java.sql.Types.BIGINT);
            } else {
                ps.setLong(5, userId);
            }
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        cache.remove(chainId);
    }
}
