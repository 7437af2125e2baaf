package io.kopilka.platform.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kopilka.webhooks.*}: who may be called, how often and how patiently (docs/webhooks.md, docs/operations.md). */
@ConfigMapping(prefix = "kopilka.webhooks")
public interface WebhookSettings {

    /** Whether http and loopback, private or link-local addresses are allowed (tests, on-premises receivers). */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /**
     * Base64 of a 32-byte AES key that seals the endpoints' signing secrets in the database; without it they are
     * stored as they are (still never answered nor logged).
     */
    Optional<String> secretsKey();

    /** How long a node keeps each chain's subscribed event types: another node's change is seen within it. */
    @WithDefault("5s")
    Duration subscriptionsCachedFor();

    /** Whether this process delivers (the API service does; batch commands only write the outbox). */
    @WithDefault("true")
    boolean dispatch();

    /** How often the dispatcher looks for due deliveries. */
    @WithDefault("1s")
    Duration pollEvery();

    /** Deliveries sent at once by this node (its own threads, never the request workers). */
    @WithDefault("4")
    int senders();

    /** Deliveries sent at once to one endpoint (the rest wait for the next poll). */
    @WithDefault("2")
    int perEndpoint();

    /** How long a claimed delivery is this node's: a node that died mid-delivery leaves it to another after it. */
    @WithDefault("60s")
    Duration lease();

    /** Bound on connecting to a receiver. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Bound on one whole attempt: connect, send, the answer's status and its first bytes. */
    @WithDefault("10s")
    Duration answerTimeout();

    /** How much of a receiver's answer is read and stored (the rest is never read). */
    @WithDefault("512")
    int responseExcerptBytes();

    /** Waits after the 1st, 2nd... failed attempt (each with up to 20 % jitter); the last repeats. */
    @WithDefault("5s,5m,30m,2h,5h,10h")
    List<Duration> retryDelays();

    /** How long after the event attempts go on; the last attempt is at this age, then the delivery is failed. */
    @WithDefault("24h")
    Duration retryFor();

    /** How long the old secret also signs after a rotation. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** Consecutive failures (within the breaker's window) after which an endpoint is not called for a while. */
    @WithDefault("60s")
    Duration breakerDelay();
}
