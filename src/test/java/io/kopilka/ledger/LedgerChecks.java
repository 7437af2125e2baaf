package io.kopilka.ledger;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What head office's audit and ledger screens would show, for tests of any package. */
@ApplicationScoped
public class LedgerChecks {

    @Inject
    DataSource dataSource;

    @Inject
    LedgerAudit audit;

    @Inject
    Ledger ledger;

    /** Sum of entries = sum of lots for every customer, and no negative balance without a flagged return. */
    public LedgerAudit.Report assertConsistent(long chainId) {
        try (Connection c = dataSource.getConnection()) {
            LedgerAudit.Report report = audit.check(c, chainId);
            assertTrue(report.ok(), "ledger audit of chain " + chainId + ": " + report);
            return report;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The customer's entries, newest first. */
    public List<LedgerEntryView> entries(long chainId, long customerId) {
        try (Connection c = dataSource.getConnection()) {
            return ledger.entries(c, chainId, customerId, 1000);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<LedgerEntryView> entries(long chainId, long customerId, String kind) {
        return entries(chainId, customerId).stream().filter(e -> e.kind().equals(kind)).toList();
    }

    public long sum(long chainId, long customerId, String kind) {
        return entries(chainId, customerId, kind).stream().mapToLong(LedgerEntryView::points).sum();
    }
}
