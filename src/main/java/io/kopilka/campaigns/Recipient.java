package io.kopilka.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** One customer of an audience, with what the templates' placeholders need. */
public record Recipient(long customerId, String phone, String name, String language, String storeName, ZoneId zone,
        long balance, long expiringPoints, Instant expiryAt, Instant lastPurchaseAt, LocalDate birthDate) {
}
