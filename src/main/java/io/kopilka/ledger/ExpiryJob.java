package io.kopilka.ledger;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.platform.Transactions;
import io.quarkus.scheduler.Scheduled;

/**
 * Burns expired points on a schedule, in small transactions so a customer's lock is never held long.
 * Safe on every API node at once (Expiry skips customers another node holds).
 */
@ApplicationScoped
public class ExpiryJob {

    private static final Logger LOG = Logger.getLogger(ExpiryJob.class);
    private static final int BATCH = 500;

    @Inject
    Transactions tx;

    @Inject
    Expiry expiry;

    @Scheduled(every = "${kopilka.expiry.interval:1h}", delayed = "${kopilka.expiry.initial-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            Expiry.Result total = expireAll(Instant.now());
            if (total.lots() > 0) {
                LOG.infof("Expired %d points in %d lots", total.points(), total.lots());
            }
        } catch (Transactions.DatabaseFailure e) {
            LOG.warn("Expiry failed; it will run again", e);
        }
    }

    public Expiry.Result expireAll(Instant now) {
        long lots = 0;
        long points = 0;
        while (true) {
            Expiry.Result r = tx.inTransaction(c -> { // one transaction per batch
                return expiry.expireDue(c, now, BATCH);
            });
            lots += r.lots();
            points += r.points();
            if (r.lots() < BATCH) {
                return new Expiry.Result(lots, points);
            }
        }
    }
}
