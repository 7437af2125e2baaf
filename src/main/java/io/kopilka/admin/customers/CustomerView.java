package io.kopilka.admin.customers;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import io.kopilka.ledger.Balance;

/** A customer as head office sees it, with the balance now. */
public record CustomerView(long id, String phone, String card, String name, LocalDate birthDate, String language,
        String tier, String referralCode, boolean smsConsent, OffsetDateTime consentAt, OffsetDateTime createdAt,
        Balance balance) {
}
