package io.kopilka.platform.webhooks;

import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import io.kopilka.platform.Secrets;

/**
 * The {@code webhook-signature} header of Standard Webhooks: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"} under the secret's bytes; one such value per secret that signs
 * (two while a secret rotates), separated by spaces.
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String header(List<SigningSecret> secrets, String eventId, long timestampSeconds, String body) {
        String signed = eventId + "." + timestampSeconds + "." + body;
        return secrets.stream()
                .map(s -> "v1," + Base64.getEncoder().encodeToString(Secrets.hmacSha256(s.keyBytes(), signed)))
                .collect(Collectors.joining(" "));
    }
}
