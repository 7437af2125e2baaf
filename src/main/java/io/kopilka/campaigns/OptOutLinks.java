package io.kopilka.campaigns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import io.kopilka.platform.Secrets;

/**
 * The short signed token of an opt-out link: chain and message in base 36 and 48 bits of an HMAC, so the link
 * costs about 20 characters of the SMS and cannot be guessed for another customer.
 */
public final class OptOutLinks {

    public record Target(long chainId, long outboxId) {
    }

    private OptOutLinks() {
    }

    /** The link under the chain's base (its campaign settings, by default {@code kopilka.public-base-url}). */
    public static String url(String baseUrl, byte[] secret, long chainId, long outboxId) {
        return withoutSlash(baseUrl) + "/u/" + token(secret, chainId, outboxId);
    }

    static boolean sameBase(String a, String b) {
        return withoutSlash(a).equalsIgnoreCase(withoutSlash(b));
    }

    private static String withoutSlash(String baseUrl) {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    static String token(byte[] secret, long chainId, long outboxId) {
        String body = Long.toString(chainId, 36) + "." + Long.toString(outboxId, 36);
        return body + "." + mac(secret, body);
    }

    /** The chain and message a token names, or null when it is malformed (the signature is checked later). */
    public static Target parse(String token) {
        String[] p = token == null ? new String[0] : token.split("\\.");
        if (p.length != 3 || p[0].length() > 12 || p[1].length() > 13) {
            return null;
        }
        try {
            return new Target(Long.parseLong(p[0], 36), Long.parseLong(p[1], 36));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static boolean verify(byte[] secret, String token) {
        Target t = parse(token);
        if (t == null) {
            return false;
        }
        String expected = token(secret, t.chainId(), t.outboxId());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    private static String mac(byte[] secret, String body) {
        byte[] full = Secrets.hmacSha256(secret, body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 6));
    }
}
