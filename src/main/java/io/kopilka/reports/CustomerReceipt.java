package io.kopilka.reports;

import java.time.OffsetDateTime;

/** One receipt of a customer in the reader's stores; {@code store} is the store's code. */
public record CustomerReceipt(long receiptId, String store, String receiptNo, OffsetDateTime occurredAt, String status,
        long totalMinor, long discountMinor, long pointsEarned, long pointsRedeemed) {
}
