package io.kopilka.ledger;

import java.time.OffsetDateTime;

/** One ledger line as head office sees it. */
public record LedgerEntryView(long id, String kind, long points, Long storeId, String storeCode, Long receiptId,
        String receiptNo, Long returnId, Long refEntryId, String reason, Long userId, OffsetDateTime createdAt,
        OffsetDateTime availableAt, OffsetDateTime expiresAt, boolean flagged) {
}
