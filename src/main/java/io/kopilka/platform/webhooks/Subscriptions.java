package io.kopilka.platform.webhooks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Sql;
import io.kopilka.platform.Transactions;
import io.quarkus.scheduler.Scheduled;

/**
 * Each chain's event types with at least one enabled endpoint, held in memory so that an event nobody listens to
 * costs the change no database round trip (the checkout's budget, issue 19). Reloaded in the background every
 * {@code kopilka.webhooks.subscriptions-cached-for} and at once after a change made through this node; a process
 * without schedules (a batch command) reloads on the caller's connection when its copy is twice that old.
 */
@ApplicationScoped
public class Subscriptions {

    private record Snapshot(Map<Long, Set<String>> byChain, long loadedAtNanos) {
    }

    private static final String LOAD = """
            SELECT DISTINCT chain_id, unnest(events) FROM webhook_endpoints WHERE enabled""";

    @Inject
    Transactions transactions;

    @Inject
    WebhookSettings settings;

    private volatile Snapshot snapshot;

    /** Whether the chain has an enabled endpoint for the type, as this node last saw it. */
    boolean subscribed(Connection c, long chainId, String type) throws SQLException {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.loadedAtNanos() > 2 * settings.subscriptionsCachedFor().toNanos()) {
            s = load(c);
        }
        Set<String> types = s.byChain().get(chainId);
        return types != null && types.contains(type);
    }

    @Scheduled(every = "${kopilka.webhooks.subscriptions-cached-for:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        reload();
    }

    /** Reads every chain's subscriptions now (after an endpoint changed through this node). */
    public void reload() {
        transactions.read(this::load);
    }

    private Snapshot load(Connection c) throws SQLException {
        long at = System.nanoTime();
        List<Map.Entry<Long, String>> rows = Sql.rows(c, rs -> Map.entry(rs.getLong(1), rs.getString(2)), LOAD);
        Map<Long, Set<String>> byChain = new HashMap<>();
        for (Map.Entry<Long, String> r : rows) {
            byChain.computeIfAbsent(r.getKey(), k -> new HashSet<>()).add(r.getValue());
        }
        Snapshot s = new Snapshot(Map.copyOf(byChain), at);
        synchronized (this) {
            // a slower load that began before a newer one must not put older subscriptions back
            if (snapshot == null || snapshot.loadedAtNanos() < at) {
                snapshot = s;
            }
        }
        return s;
    }
}
