package io.kopilka.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The console's session cookie: {@code base64url(chain|user|expires|csrf).base64url(HMAC-SHA256)}. Nothing is
 * stored on the server, so any instance behind a load balancer accepts it as long as they share the secret.
 * The CSRF token travels inside the signed value: a page embeds it, a forged cross-site request cannot read it.
 */
@Singleton
public class StaffSessions {

    public static final String COOKIE = "kopilka_session";
    public static final String CSRF_HEADER = "X-Kopilka-CSRF";
    public static final Duration TTL = Duration.ofHours(8);

    private static final Logger LOG = Logger.getLogger(StaffSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A valid session: who, until when (epoch seconds), and the token unsafe requests must echo. */
    public record Session(long chainId, long userId, long expiresAt, String csrf) {
    }

    private final byte[] secret;
    private final Clock clock;

    @Inject
    public StaffSessions(@ConfigProperty(name = "kopilka.console.session-secret") Optional<String> configured) {
        this(configured.filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            LOG.warn("kopilka.console.session-secret (KOPILKA_CONSOLE_SESSION_SECRET) is not set: console sessions are "
                    + "signed with a random per-process secret, so they end at every restart and are not accepted by "
                    + "other instances (docs/operations.md, Console)");
            byte[] random = new byte[32];
            RANDOM.nextBytes(random);
            return random;
        }), Clock.systemUTC());
    }

    public StaffSessions(byte[] secret, Clock clock) {
        this.secret = secret.clone();
        this.clock = clock;
    }

    public Session open(StaffIdentity who) {
        byte[] token = new byte[18];
        RANDOM.nextBytes(token);
        return new Session(who.chainId(), who.userId(), clock.instant().plus(TTL).getEpochSecond(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(token));
    }

    public String encode(Session s) {
        String payload = s.chainId() + "|" + s.userId() + "|" + s.expiresAt() + "|" + s.csrf();
        String body = b64(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + b64(mac(body));
    }

    /** The session in a cookie value, when the signature holds and it has not expired. */
    public Optional<Session> decode(String cookie) {
        if (cookie == null || cookie.length() > 512) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = cookie.substring(0, dot);
        try {
            // compared as text: a signature with different unused trailing bits is not the same cookie
            byte[] given = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, b64(mac(body)).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).split("\\|");
            if (parts.length != 4) {
                return Optional.empty();
            }
            Session s = new Session(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]);
            return s.expiresAt() > clock.instant().getEpochSecond() ? Optional.of(s) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The Set-Cookie value; Secure when the console is reached over https. */
    public String setCookie(String value, boolean secure) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + TTL.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    public static String clearCookie(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private byte[] mac(String body) {
        return Secrets.hmacSha256(secret, body);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
