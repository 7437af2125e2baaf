package io.kopilka.admin.customers;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import io.kopilka.ledger.Balance;

/**
 * A customer as head office sees it, with the balance now. {@code mergedInto} names the survivor of a merged
 * duplicate; an erased customer has no phone, card or birth date and its pseudonym as the name.
 */
public record CustomerView(long id, String phone, String card, String name, LocalDate birthDate, String language,
        String homeStore, String tier, String referralCode, boolean smsConsent, OffsetDateTime consentAt,
        OffsetDateTime createdAt, Long mergedInto, OffsetDateTime erasedAt, Balance balance) {

    CustomerView withBalance(Balance now) {
        return new CustomerView(id, phone, card, name, birthDate, language, homeStore, tier, referralCode, smsConsent,
                consentAt, createdAt, mergedInto, erasedAt, now);
    }
}
