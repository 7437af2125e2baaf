package io.kopilka.campaigns.gateway;

/**
 * The gateway did not take the message (connection refused, bind failed, HTTP 5xx/429 before acceptance,
 * SMPP throttling): it was certainly not sent, so retrying it is safe. The only exception the retry is for.
 */
public class GatewayUnavailable extends RuntimeException {
    public GatewayUnavailable(String message) {
        super(message);
    }

    public GatewayUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
