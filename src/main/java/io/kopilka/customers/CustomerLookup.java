package io.kopilka.customers;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Balance;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.programme.ProgrammeVersions;

/** The customer as the cashier sees them at the till: found, just enrolled, or after choosing an earn mode. */
@ApplicationScoped
public class CustomerLookup {

    @Inject
    Customers customers;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    Transactions tx;

    /** The customer of the till's chain by phone or card; not-found when there is none. */
    public LookupResult find(TerminalIdentity till, CustomerRef ref, Instant now) {
        return tx.read(c -> {
            Customer customer = customers.find(c, till.chainId(), ref, false);
            if (customer == null) {
                throw Problems.notFound("Customer");
            }
            Balance balance = ledger.balance(c, till.chainId(), customer.id(), now);
            return view(till, customer, balance, now);
        });
    }

    /** A customer just enrolled at this till. */
    public LookupResult enrolled(TerminalIdentity till, Customer customer, Instant now) {
        Balance balance = tx.read(c -> ledger.balance(c, till.chainId(), customer.id(), now));
        return view(till, customer, balance, now);
    }

    /** Keeps the customer's choice in a programme with earn_mode choice: {@code bonus} or {@code discount}. */
    public LookupResult choosePreferredMode(TerminalIdentity till, long customerId, String mode, Instant now) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE customers SET preferred_mode = ? WHERE chain_id = ? AND id = ?")) {
                ps.setString(1, mode);
                ps.setLong(2, till.chainId());
                ps.setLong(3, customerId);
                if (ps.executeUpdate() == 0) {
                    throw Problems.notFound("Customer");
                }
            }
            Customer customer = customers.find(c, till.chainId(), new CustomerRef(null, null, customerId), false);
            return view(till, customer, ledger.balance(c, till.chainId(), customerId, now), now);
        });
    }

    private LookupResult view(TerminalIdentity till, Customer customer, Balance balance, Instant now) {
        boolean birthday = birthdayToday(till, customer, now);
        List<String> messages = new ArrayList<>();
        if (birthday) {
            messages.add("Happy birthday" + (customer.name() == null ? "!" : ", " + customer.name() + "!"));
        }
        if (balance.available() > 0) {
            messages.add(balance.available() + " points available");
        }
        if (balance.pending() > 0) {
            messages.add(balance.pending() + " points become available after the return window");
        }
        String tier = programmes.active(till.chainId(), now).tier(customer.tierCode()).code();
        return new LookupResult(customer.id(), customer.name(), Phones.mask(customer.phone()), tier,
                customer.referralCode(), balance, birthday, customer.smsConsent(), messages);
    }

    /** Whether the cashier greets a birthday: the exact day, in the store's time zone. */
    /** A birthday bonus or multiplier would apply to a receipt now (docs/adr/0024-one-birthday-rule.md). */
    private boolean birthdayToday(TerminalIdentity till, Customer customer, Instant now) {
        return BirthdayBonus.inWindow(customer, programmes.active(till.chainId(), now), now, till.storeZone());
    }
}
