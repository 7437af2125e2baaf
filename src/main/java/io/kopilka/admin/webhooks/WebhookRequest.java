package io.kopilka.admin.webhooks;

import java.util.List;

/** A new endpoint: where, which events, and optionally its secret ({@code whsec_...}; generated when absent). */
public record WebhookRequest(String url, List<String> events, String secret) {

    @Override
    public String toString() {
        return "WebhookRequest[url=" + url + ", events=" + events + "]"; // never the secret
    }
}
