package io.kopilka.admin.audit;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.LedgerAudit;
import io.kopilka.platform.StaffIdentity;

@ApplicationScoped
public class LedgerAuditService {

    @Inject
    DataSource dataSource;

    @Inject
    LedgerAudit ledgerAudit;

    /** Runs in one read-only snapshot so entries and lots are compared at the same moment. */
    public LedgerAuditView check(StaffIdentity who) {
        who.requireHeadOffice();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return LedgerAuditView.of(ledgerAudit.check(c, who.chainId()));
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
