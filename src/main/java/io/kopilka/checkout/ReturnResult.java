package io.kopilka.checkout;

import java.time.OffsetDateTime;
import java.util.List;

import io.kopilka.ledger.Balance;

/** What the register shows after a return. */
public record ReturnResult(long returnId, long receiptId, String returnNo, List<ReturnCommand.Line> lines,
        long pointsReversed, long pointsRefunded, long refundedPointsMinor, Balance balance, OffsetDateTime createdAt,
        List<String> messages) {
}
