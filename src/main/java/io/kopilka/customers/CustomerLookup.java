package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Balance;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
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
    DataSource dataSource;

    /** The customer of the till's chain by phone or card; not-found when there is none. */
    public LookupResult find(TerminalIdentity till, CustomerRef ref, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Customer customer = customers.find(c, till.chainId(), ref, false);
            if (customer == null) {
                throw Problems.notFound("Customer");
            }
            Balance balance = ledger.balance(c, till.chainId(), customer.id(), now);
            return view(till, customer, balance, now);
        }
    }

    /** A customer just enrolled at this till. */
    public LookupResult enrolled(TerminalIdentity till, Customer customer, Instant now) throws SQLException {
        Balance balance;
        try (Connection c = dataSource.getConnection()) {
            balance = ledger.balance(c, till.chainId(), customer.id(), now);
        }
        return view(till, customer, balance, now);
    }

    /** Keeps the customer's choice in a programme with earn_mode choice: {@code bonus} or {@code discount}. */
    public LookupResult choosePreferredMode(TerminalIdentity till, long customerId, String mode, Instant now)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE customers SET preferred_mode = ? WHERE chain_id = ? AND id = ?")) {
            ps.setString(1, mode);
            ps.setLong(2, till.chainId());
            ps.setLong(3, customerId);
            if (ps.executeUpdate() == 0) {
                throw Problems.notFound("Customer");
            }
            Customer customer = customers.find(c, till.chainId(), new CustomerRef(null, null, customerId), false);
            return view(till, customer, ledger.balance(c, till.chainId(), customerId, now), now);
        }
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
    private static boolean birthdayToday(TerminalIdentity till, Customer customer, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, till.storeZone());
        return customer.birthDate() != null && MonthDay.from(customer.birthDate()).equals(MonthDay.from(today));
    }
}
