package io.kopilka.admin.webhooks;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An endpoint with its secret: the answer to a creation or a rotation, the only times the secret is shown. */
public record WebhookWithSecret(long id, String url, List<String> events, boolean enabled, String disabledReason,
        Instant disabledAt, Instant previousSecretSignsUntil, Instant createdAt, Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    static WebhookWithSecret of(WebhookView v, String secret) {
        return new WebhookWithSecret(v.id(), v.url(), v.events(), v.enabled(), v.disabledReason(), v.disabledAt(),
                v.previousSecretSignsUntil(), v.createdAt(), v.updatedAt(), secret);
    }

    @Override
    public String toString() {
        return "WebhookWithSecret[id=" + id + ", url=" + url + "]";
    }
}
