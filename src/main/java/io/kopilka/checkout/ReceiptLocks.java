package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.customers.Customer;
import io.kopilka.customers.Customers;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;

/**
 * Locks a receipt for a change: the customer's row first, then the receipt's (the lock order of every use
 * case). Confirm and cancel see only the till's own store; a return may be taken at any store of the chain.
 */
@ApplicationScoped
public class ReceiptLocks {

    /** The receipt under lock, with its customer (null for an anonymous receipt) locked before it. */
    record Locked(Customer customer, ReceiptRows.Stored receipt) {
    }

    @Inject
    ReceiptRows receipts;

    @Inject
    Customers customers;

    private interface Finder {
        ReceiptRows.Stored find(Connection c, boolean lock) throws SQLException;
    }

    /** @throws io.kopilka.platform.ProblemException 404 for a missing receipt or another store's */
    Locked lock(Connection c, TerminalIdentity till, long receiptId) throws SQLException {
        return lock(c, receiptId, receipts.owner(c, till.chainId(), till.storeId(), receiptId),
                (conn, forUpdate) -> receipts.byId(conn, till.chainId(), till.storeId(), receiptId, forUpdate), till.chainId());
    }

    /** @throws io.kopilka.platform.ProblemException 404 for a missing receipt or another chain's */
    Locked lockInChain(Connection c, TerminalIdentity till, long receiptId) throws SQLException {
        return lock(c, receiptId, receipts.owner(c, till.chainId(), null, receiptId),
                (conn, forUpdate) -> receipts.inChain(conn, till.chainId(), receiptId, forUpdate), till.chainId());
    }

    // The receipt's customer is read without its row (nor its stored result): the whole receipt is read once, locked.
    private Locked lock(Connection c, long receiptId, ReceiptRows.Owner owner, Finder finder, long chainId)
            throws SQLException {
        if (owner == null) {
            throw Problems.notFound("Receipt " + receiptId);
        }
        Customer customer = owner.customerId() == null ? null : customers.lock(c, chainId, owner.customerId());
        return new Locked(customer, finder.find(c, true));
    }
}
