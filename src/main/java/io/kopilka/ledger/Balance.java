package io.kopilka.ledger;

/** Points a customer can spend now, points still in the return window, and points reserved by held receipts. */
public record Balance(long available, long pending, long held) {
}
