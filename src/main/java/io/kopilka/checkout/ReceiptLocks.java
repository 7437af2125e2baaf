package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.customers.Customer;
import io.kopilka.customers.Customers;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;

/** Locks a receipt of the till's store for a change: the customer's row first, then the receipt's (the lock order of every use case). */
@ApplicationScoped
public class ReceiptLocks {

    /** The receipt under lock, with its customer (null for an anonymous receipt) locked before it. */
    record Locked(Customer customer, ReceiptRows.Stored receipt) {
    }

    @Inject
    ReceiptRows receipts;

    @Inject
    Customers customers;

    /** @throws io.kopilka.platform.ProblemException 404 for a missing receipt or another store's */
    Locked lock(Connection c, TerminalIdentity till, long receiptId) throws SQLException {
        ReceiptRows.Stored r = receipts.byId(c, till.chainId(), till.storeId(), receiptId, false);
        if (r == null) {
            throw Problems.notFound("Receipt " + receiptId);
        }
        Customer customer = r.customerId() == null ? null : customers.lock(c, till.chainId(), r.customerId());
        return new Locked(customer, receipts.byId(c, till.chainId(), till.storeId(), receiptId, true));
    }
}
