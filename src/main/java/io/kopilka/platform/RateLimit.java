package io.kopilka.platform;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One quota policy (a token bucket of {@code burst} requests refilled at {@code perPeriod} per {@code period})
 * with a bucket per caller, held in this API node's memory. Idle callers' buckets are dropped once they would be
 * full again, and at most {@code maxCallers} are kept, so a flood of new keys cannot fill the heap.
 */
public final class RateLimit {

    private final String policy;
    private final long burst;
    private final long perPeriod;
    private final Duration period;
    private final String what;
    private final Cache<Object, Bucket> buckets;

    /** @param what what the caller is, for the problem's detail: "this terminal", "this user". */
    public RateLimit(String policy, long burst, long perPeriod, Duration period, String what, long maxCallers) {
        this.policy = policy;
        this.burst = burst;
        this.perPeriod = perPeriod;
        this.period = period;
        this.what = what;
        this.buckets = Caffeine.newBuilder().maximumSize(maxCallers).expireAfterAccess(refillTime()).build();
    }

    /** Takes one request from the caller's bucket, or refuses with 429 when it is empty. */
    public void take(Object caller) {
        ConsumptionProbe probe = buckets.get(caller, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
            throw Problems.tooManyRequests("Too many requests from " + what + ": at most " + burst + " at once and "
                    + perPeriod + " per " + describe(period) + "; retry after " + retryAfter + " s",
                    headers(retryAfter));
        }
    }

    /**
     * {@code Retry-After} and the fields of draft-ietf-httpapi-ratelimit-headers-10 (September 2025): the policy as a
     * quota of {@code burst} requests per the time an empty bucket takes to fill, and {@code r=0} with {@code t} equal
     * to {@code Retry-After}, as the draft asks when both are sent.
     */
    private Map<String, String> headers(long retryAfter) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Retry-After", Long.toString(retryAfter));
        h.put("RateLimit-Policy", "\"" + policy + "\";q=" + burst + ";w=" + Math.max(1, refillTime().toSeconds()));
        h.put("RateLimit", "\"" + policy + "\";r=0;t=" + retryAfter);
        return h;
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(l -> l.capacity(burst).refillGreedy(perPeriod, period)).build();
    }

    private Duration refillTime() {
        return Duration.ofNanos(-Math.floorDiv(-period.toNanos() * burst, perPeriod));
    }

    private static long ceilSeconds(long nanos) {
        return -Math.floorDiv(-nanos, 1_000_000_000L);
    }

    private static String describe(Duration d) {
        return d.toSeconds() == 1 ? "second" : d.toMinutes() == 1 && d.toSeconds() == 60 ? "minute" : d.toSeconds() + " s";
    }
}
