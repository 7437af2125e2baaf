package io.kopilka.programme;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.rules.Programme;

/**
 * Programme versions of each chain. The checkout reads them from memory; a copy older than a second is
 * reloaded in the background by one thread while every receipt goes on with the copy it has, so a new
 * version reaches every node within about a second without a restart. A receipt never waits for the
 * reload nor takes a second pooled connection for it inside its own transaction, and a reload that fails
 * (the database away) keeps the copy. Only a chain's very first read on a node loads in the caller.
 */
@ApplicationScoped
public class ProgrammeVersions {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private static final Logger LOG = Logger.getLogger(ProgrammeVersions.class);

    private record Cached(List<Programme> newestFirst, long loadedAtNanos) {
    }

    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    /** Moved on by every version committed on this node: a copy read before it is not kept. */
    private final Map<Long, Long> generations = new ConcurrentHashMap<>();
    private final Set<Long> reloading = ConcurrentHashMap.newKeySet();
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "programme-reload");
        t.setDaemon(true);
        return t;
    });

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
        if (c == null) {
            long generation = generations.getOrDefault(chainId, 0L);
            List<Programme> versions = load(chainId);
            keep(chainId, generation, versions);
            return versions;
        } else if (System.nanoTime() - c.loadedAtNanos() > REFRESH_NANOS && reloading.add(chainId)) {
            reloader.execute(() -> reload(chainId));
        }
        return c.newestFirst();
    }

    private void reload(long chainId) {
        try {
            long generation = generations.getOrDefault(chainId, 0L);
            keep(chainId, generation, load(chainId));
        } catch (RuntimeException e) {
            Cached stale = cache.get(chainId);
            if (stale != null) {
                // try again after another second, not on every receipt
                cache.replace(chainId, stale, new Cached(stale.newestFirst(), System.nanoTime()));
            }
            LOG.warnf("Programme of chain %d not reloaded, the copy in memory stays in force: %s", chainId, e.getMessage());
        } finally {
            reloading.remove(chainId);
        }
    }

    /**
     * Caches what was read unless a version was committed since the read began: a background reload that read
     * just before a publish committed would otherwise put the old list back for another second, and the
     * editor that published would be shown the version it replaced.
     */
    private void keep(long chainId, long generation, List<Programme> versions) {
        Cached fresh = new Cached(versions, System.nanoTime());
        cache.compute(chainId, (id, old) -> generations.getOrDefault(chainId, 0L) == generation ? fresh : old);
    }

    /** After a new version is committed (not before: a read between would see the old list and keep it). */
    public void forget(long chainId) {
        generations.merge(chainId, 1L, Long::sum);
        cache.remove(chainId);
    }

    @PreDestroy
    void stop() {
        reloader.shutdownNow();
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
