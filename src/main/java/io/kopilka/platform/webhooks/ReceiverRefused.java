package io.kopilka.platform.webhooks;

/** A receiver answered other than 2xx: a failure for the endpoint's circuit breaker, with the answer kept. */
final class ReceiverRefused extends RuntimeException {

    private final transient ReceiverAnswer answer;

    ReceiverRefused(ReceiverAnswer answer) {
        super("the receiver answered " + answer.status(), null, false, false);
        this.answer = answer;
    }

    ReceiverAnswer answer() {
        return answer;
    }
}
