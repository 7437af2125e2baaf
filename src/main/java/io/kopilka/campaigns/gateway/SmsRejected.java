package io.kopilka.campaigns.gateway;

public class SmsRejected extends RuntimeException {
    public SmsRejected(String message) {
        super(message);
    }
}
