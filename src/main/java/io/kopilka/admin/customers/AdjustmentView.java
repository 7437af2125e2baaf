package io.kopilka.admin.customers;

import java.time.OffsetDateTime;

import io.kopilka.ledger.Balance;

/** The adjustment entry written, and the customer's balance after it. */
public record AdjustmentView(long id, long customerId, String kind, long points, String reason, long userId,
        OffsetDateTime createdAt, OffsetDateTime availableAt, OffsetDateTime expiresAt, Balance balance) {
}
