package io.kopilka.platform.webhooks;

import java.util.Base64;

import io.kopilka.platform.Secrets;

/**
 * A Standard Webhooks signing secret: {@code whsec_} and the base64 of 24 to 64 bytes; the bytes are the HMAC key.
 * {@link #toString()} never shows it, so a secret that reaches a log line by mistake stays hidden.
 */
public final class SigningSecret {

    public static final String PREFIX = "whsec_";
    static final int MIN_BYTES = 24;
    static final int MAX_BYTES = 64;
    private static final int NEW_BYTES = 32;

    private final String text;

    private SigningSecret(String text) {
        this.text = text;
    }

    public static SigningSecret generate() {
        return new SigningSecret(PREFIX + Base64.getEncoder().encodeToString(Secrets.randomBytes(NEW_BYTES)));
    }

    /** The secret a caller chose, or null when it is not {@code whsec_} + base64 of 24 to 64 bytes. */
    public static SigningSecret parseOrNull(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        try {
            int n = Base64.getDecoder().decode(text.substring(PREFIX.length())).length;
            return n >= MIN_BYTES && n <= MAX_BYTES ? new SigningSecret(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The HMAC key: the base64-decoded part after the prefix. */
    byte[] keyBytes() {
        return Base64.getDecoder().decode(text.substring(PREFIX.length()));
    }

    /** The text to show once, at creation or rotation. */
    public String reveal() {
        return text;
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
