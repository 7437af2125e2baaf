package io.kopilka.admin.audit;

import java.util.List;

import io.kopilka.ledger.LedgerAudit;

/** The ledger's invariants for the whole chain: ok when every customer's entries and lots agree. */
public record LedgerAuditView(boolean ok, long customersChecked, long entriesSum, long lotsSum,
        List<LedgerAudit.Mismatch> mismatches) {

    static LedgerAuditView of(LedgerAudit.Report r) {
        return new LedgerAuditView(r.ok(), r.customersChecked(), r.entriesSum(), r.lotsSum(), r.mismatches());
    }
}
