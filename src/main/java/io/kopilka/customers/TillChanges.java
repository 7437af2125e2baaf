package io.kopilka.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;

/**
 * What every change a till makes to a customer shares: one transaction under the customer's row lock (a change
 * never interleaves with a receipt or another till's change), the audit row in that transaction, and the
 * cashier's view of the customer as the answer.
 */
@ApplicationScoped
public class TillChanges {

    /** PostgreSQL's unique_violation: another till took the card or phone between the check and the change. */
    static final String UNIQUE_VIOLATION = "23505";

    /** One change of a locked customer; returns the audit's before and after, or null when nothing changed. */
    @FunctionalInterface
    public interface Change {
        Audited apply(Connection c, Customer customer) throws SQLException;
    }

    /** What the audit log keeps of a change. */
    public record Audited(String action, Object before, Object after) {
    }

    @Inject
    Transactions tx;

    @Inject
    Customers customers;

    @Inject
    CustomerLookup lookups;

    @Inject
    AuditLog audit;

    @Inject
    CustomerEvents events;

    /** The change in one transaction; another chain's or an unknown customer is a 404. */
    public LookupResult change(TerminalIdentity till, long customerId, Instant now, Change change) {
        tx.inTransaction(c -> {
            Customer customer = lockedOrNotFound(c, till, customerId);
            Audited audited = change.apply(c, customer);
            if (audited != null) {
                audit.record(c, till, audited.action(), "customer", customerId, audited.before(), audited.after(), now);
                events.updated(c, till.chainId(), customerId, "till", java.util.List.of(audited.action()), now);
            }
            return null;
        });
        return lookups.find(till, new CustomerRef(null, null, customerId), now);
    }

    Customer lockedOrNotFound(Connection c, TerminalIdentity till, long customerId) throws SQLException {
        Customer customer = customers.lock(c, till.chainId(), customerId);
        if (customer == null) {
            throw Problems.notFound("Customer");
        }
        return customer;
    }
}
