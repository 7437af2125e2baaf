package io.kopilka.admin.webhooks;

import java.time.Instant;
import java.util.List;

/** An endpoint as head office sees it: never its secret. */
public record WebhookView(long id, String url, List<String> events, boolean enabled, String disabledReason,
        Instant disabledAt, Instant previousSecretSignsUntil, Instant createdAt, Instant updatedAt) {
}
