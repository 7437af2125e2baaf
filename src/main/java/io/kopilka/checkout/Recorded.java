package io.kopilka.checkout;

/** The outcome of recording: the result and whether it is a replay of an earlier identical request. */
public record Recorded(ReceiptResult result, boolean replayed) {
}
