package io.kopilka.checkout;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.kopilka.customers.CustomerRef;
import io.kopilka.rules.ReceiptInput;

/** A validated receipt from a register. {@code requestHash} identifies the body for idempotent replays. */
public record ReceiptCommand(String receiptNo, OffsetDateTime occurredAt, CustomerRef customer, List<Line> lines,
        ReceiptInput.Redeem redeem, ReceiptInput.Mode mode, List<String> promoCodes, boolean hold, boolean offline,
        byte[] requestHash) {

    public record Line(String sku, String name, String category, BigDecimal qty, long amountMinor) {
    }
}
