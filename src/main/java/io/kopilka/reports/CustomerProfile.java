package io.kopilka.reports;

import java.time.OffsetDateTime;

import io.kopilka.ledger.Balance;

/**
 * A customer as a report reader sees them (docs/reports.md, "Customers"): for a franchisee the phone and card are
 * masked; {@code homeStore} is the store's code.
 */
public record CustomerProfile(long customerId, String name, String phone, String card, String tier, String homeStore,
        OffsetDateTime enrolledAt, boolean smsConsent, Balance balance) {
}
