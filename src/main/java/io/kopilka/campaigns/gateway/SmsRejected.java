package io.kopilka.campaigns.gateway;

/** The gateway refused this message for good (invalid number, text too long): it is marked failed, not retried. */
public class SmsRejected extends RuntimeException {
    public SmsRejected(String message) {
        super(message);
    }
}
