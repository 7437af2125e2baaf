package io.kopilka.checkout;

/**
 * The outcome of recording: the result, whether it is a replay of an earlier identical request, and for a new
 * receipt the result already serialised as JSON (the same text that was stored), so it is written only once.
 */
public record Recorded(ReceiptResult result, boolean replayed, String json) {

    public Recorded(ReceiptResult result, boolean replayed) {
        this(result, replayed, null);
    }
}
