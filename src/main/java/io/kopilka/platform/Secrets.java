package io.kopilka.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategy;

/** Key generation and hashing: terminal keys (random, SHA-256) and user passwords (bcrypt). */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BCRYPT_COST = 10;
    /** Passwords of any script up to this many characters (code points). */
    public static final int MAX_PASSWORD_CHARS = 128;
    /**
     * bcrypt reads at most 72 bytes; a longer password (37 Cyrillic letters are 74 bytes in UTF-8) is first hashed
     * with SHA-512 by the library, and a shorter one is hashed as before, so existing hashes keep verifying.
     */
    private static final LongPasswordStrategy LONG_PASSWORDS = LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2A);

    private Secrets() {
    }

    /** A 160-bit random terminal key, e.g. {@code kpk_3q2...}. */
    public static String newTerminalKey() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return "kpk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256 of the text (UTF-8) under the key: signed links, cookies and derived codes. */
    public static byte[] hmacSha256(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hashPassword(String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2A, LONG_PASSWORDS).hashToString(BCRYPT_COST, password.toCharArray());
    }

    public static boolean passwordMatches(String password, String hash) {
        return BCrypt.verifyer(BCrypt.Version.VERSION_2A, LONG_PASSWORDS).verify(password.toCharArray(), hash).verified;
    }

    public static boolean passwordTooLong(String password) {
        return password.codePointCount(0, password.length()) > MAX_PASSWORD_CHARS;
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Short human code (referral codes): no 0/O/1/I to avoid misreading at the till. */
    public static String shortCode(int length) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
