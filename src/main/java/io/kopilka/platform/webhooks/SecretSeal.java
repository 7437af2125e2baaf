package io.kopilka.platform.webhooks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Secrets;

/**
 * How a signing secret is kept in the database: {@code gcm:<base64 of nonce and ciphertext>} under
 * {@code kopilka.webhooks.secrets-key} (AES-256-GCM), or {@code plain:<secret>} when no key is set. A sealed
 * secret read without the key (or with another) cannot sign: the endpoint's deliveries fail with a stored error.
 */
@ApplicationScoped
public class SecretSeal {

    private static final String GCM = "gcm:";
    private static final String PLAIN = "plain:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    @Inject
    WebhookSettings settings;

    public String seal(SigningSecret secret) {
        SecretKey key = key();
        if (key == null) {
            return PLAIN + secret.reveal();
        }
        try {
            byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
            return GCM + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a webhook secret", e);
        }
    }

    public SigningSecret open(String stored) {
        if (stored.startsWith(PLAIN)) {
            return SigningSecret.parseOrNull(stored.substring(PLAIN.length()));
        }
        SecretKey key = key();
        if (key == null || !stored.startsWith(GCM)) {
            throw new IllegalStateException("The webhook secret is sealed and kopilka.webhooks.secrets-key is not set");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(GCM.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return SigningSecret.parseOrNull(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The webhook secret cannot be opened with kopilka.webhooks.secrets-key", e);
        }
    }

    private SecretKey key() {
        return settings.secretsKey().filter(k -> !k.isBlank())
                .map(k -> new SecretKeySpec(Base64.getDecoder().decode(k.strip()), "AES"))
                .orElse(null);
    }
}
