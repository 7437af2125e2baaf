package io.kopilka.customers;

import java.util.List;

import io.kopilka.ledger.Balance;

/** The cashier's view of a customer (docs/api/pos.md#customers). */
public record LookupResult(long customerId, String name, String phoneMasked, String tier, String referralCode,
        Balance balance, boolean birthdayToday, boolean smsConsent, List<String> messages) {
}
