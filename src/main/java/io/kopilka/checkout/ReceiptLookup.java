package io.kopilka.checkout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;

/** Finds a receipt of any store of the till's chain by what is printed on it, for a return at another store. */
@ApplicationScoped
public class ReceiptLookup {

    @Inject
    Transactions transactions;

    @Inject
    ReceiptRows receipts;

    /** @throws io.kopilka.platform.ProblemException 404 for an unknown store or receipt, or another chain's */
    public ReceiptResult byPrintedNumber(TerminalIdentity till, String storeCode, String receiptNo) {
        ReceiptRows.Stored r = transactions.read(c -> receipts.byPrintedNumber(c, till.chainId(), storeCode, receiptNo));
        if (r == null) {
            throw Problems.notFound("Receipt " + receiptNo + " of store " + storeCode);
        }
        return r.result();
    }
}
