package io.kopilka.checkout;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.customers.Customers;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Transactions;
import io.quarkus.scheduler.Scheduled;

/** The sweeper: holds nobody confirmed in time go back to their customers. Safe on several nodes at once. */
@ApplicationScoped
public class ExpiredHolds {

    private static final Logger LOG = Logger.getLogger(ExpiredHolds.class);

    @Inject
    Transactions transactions;

    @Inject
    Customers customers;

    @Inject
    HoldReleases releases;

    @Inject
    PromoCodes promoCodes;

    @Scheduled(every = "${kopilka.holds.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int released = sweepExpired(Instant.now(), 200);
            if (released > 0) {
                LOG.infof("Released %d expired holds", released);
            }
        } catch (Transactions.DatabaseFailure e) {
            LOG.warn("Hold sweep failed; it will run again", e);
        }
    }

    /** Releases up to {@code limit} customers' expired holds, one transaction per customer, and all anonymous ones. */
    public int sweepExpired(Instant now, int limit) {
        List<long[]> due = transactions.read(c -> {
            List<long[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT chain_id, customer_id FROM receipts
                     WHERE status = 'held' AND hold_expires_at <= ? AND customer_id IS NOT NULL LIMIT ?""")) {
                ps.setObject(1, Ledger.odt(now));
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
            }
            return out;
        });
        int released = 0;
        for (long[] d : due) {
            released += transactions.inTransaction(c -> {
                if (customers.lock(c, d[0], d[1]) == null) {
                    return 0;
                }
                releases.releaseExpired(c, d[0], d[1], now);
                return 1;
            });
        }
        // Anonymous held receipts hold no points: they give back promo uses and stop being held.
        return released + transactions.inTransaction(c -> {
            promoCodes.releaseExpiredAnonymous(c, now);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE receipts SET status = 'cancelled'
                     WHERE status = 'held' AND hold_expires_at <= ? AND customer_id IS NULL""")) {
                ps.setObject(1, Ledger.odt(now));
                return ps.executeUpdate();
            }
        });
    }
}
