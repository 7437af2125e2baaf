package io.kopilka.admin.webhooks;

import java.util.List;

/**
 * A change to an endpoint; absent fields stay as they are. {@code rotate_secret} (or a new {@code secret}) starts a
 * rotation: the new secret signs from now on, the old one beside it for kopilka.webhooks.rotation-overlap.
 */
public record WebhookChange(String url, List<String> events, Boolean enabled, Boolean rotateSecret, String secret) {

    @Override
    public String toString() {
        return "WebhookChange[url=" + url + ", events=" + events + ", enabled=" + enabled + "]";
    }
}
