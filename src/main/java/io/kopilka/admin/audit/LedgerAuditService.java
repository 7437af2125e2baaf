package io.kopilka.admin.audit;

import java.sql.Connection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.LedgerAudit;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

@ApplicationScoped
public class LedgerAuditService {

    @Inject
    Transactions tx;

    @Inject
    LedgerAudit ledgerAudit;

    /** Runs in one read-only snapshot so entries and lots are compared at the same moment. */
    public LedgerAuditView check(StaffIdentity who) {
        who.requireHeadOffice();
        return tx.readOnly(Connection.TRANSACTION_REPEATABLE_READ,
                c -> LedgerAuditView.of(ledgerAudit.check(c, who.chainId())));
    }
}
