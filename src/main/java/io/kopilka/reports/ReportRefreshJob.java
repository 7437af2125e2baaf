package io.kopilka.reports;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Refreshes the report rollups every few minutes on each API node (kopilka.reports.refresh-every, "off" to stop). */
@ApplicationScoped
public class ReportRefreshJob {

    private static final Logger LOG = Logger.getLogger(ReportRefreshJob.class);

    @Inject
    ReportRollups rollups;

    @Scheduled(identity = "report-rollups", every = "${kopilka.reports.refresh-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() throws SQLException {
        long t0 = System.nanoTime();
        ReportRollups.Result r = rollups.refresh(Instant.now());
        LOG.debugf("report rollups: %s in %d ms", r, (System.nanoTime() - t0) / 1_000_000);
    }
}
