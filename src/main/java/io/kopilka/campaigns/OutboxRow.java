package io.kopilka.campaigns;

import java.time.Instant;

/** A message ready to queue: its id is taken before the text is written, because the opt-out link names it. */
public record OutboxRow(long id, long customerId, String occasion, String phone, String language, String text,
        int parts, Instant notBefore, String promoCode) {
}
