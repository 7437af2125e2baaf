package io.kopilka.customers;

import java.util.List;

import io.kopilka.ledger.Balance;

/** The cashier's view of a customer (spec section 3). */
public record LookupResult(long customerId, String name, String phoneMasked, String tier, String referralCode,
        Balance balance, boolean birthdayToday, boolean smsConsent, List<String> messages) {
}
