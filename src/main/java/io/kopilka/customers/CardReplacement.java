package io.kopilka.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.TerminalIdentity;

/** A lost card replaced at the till: the new card is the customer's alias at once and the old one names nobody. */
@ApplicationScoped
public class CardReplacement {

    @Inject
    TillChanges changes;

    @Inject
    Customers customers;

    /** The same card again changes nothing (a retried request); a card of another customer is 409 card-taken. */
    public LookupResult replace(TerminalIdentity till, long customerId, String card, Instant now) {
        return changes.change(till, customerId, now, (c, customer) -> {
            if (card.equals(customer.card())) {
                return null;
            }
            Customer holder = customers.find(c, till.chainId(), new CustomerRef(null, card, null), false);
            if (holder != null) {
                throw taken(Map.of("customer_id", holder.id()));
            }
            try {
                setCard(c, customer, card);
            } catch (SQLException e) {
                // enrolled with this card by another till since the check: the unique key is the last word
                if (TillChanges.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw taken(Map.of());
                }
                throw e;
            }
            return new TillChanges.Audited("replace-card", cardOf(customer.card()), cardOf(card));
        });
    }

    private static ProblemException taken(Map<String, Object> holder) {
        return Problems.conflict("card-taken", "The card belongs to another customer",
                "This card is already issued to another customer", holder);
    }

    private static Map<String, Object> cardOf(String card) {
        return card == null ? Map.of() : Map.of("card", card);
    }

    private static void setCard(Connection c, Customer customer, String card) throws SQLException {
        Sql.update(c, "UPDATE customers SET card = ? WHERE chain_id = ? AND id = ?", card, customer.chainId(), customer.id());
    }
}
