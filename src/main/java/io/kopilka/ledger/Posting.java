package io.kopilka.ledger;

import java.time.Instant;

/** Where and why an entry is written: the store, receipt or return, and the user for manual ones. */
public record Posting(long chainId, long customerId, Long storeId, Long receiptId, Long returnId, Long userId,
        String reason, Instant at) {

    public static Posting forReceipt(long chainId, long customerId, long storeId, long receiptId, Instant at) {
        return new Posting(chainId, customerId, storeId, receiptId, null, null, null, at);
    }

    public Posting withReturn(long id) {
        return new Posting(chainId, customerId, storeId, receiptId, id, userId, reason, at);
    }
}
