package io.kopilka.campaigns.gateway;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the sending at the operator's allowed rate, counted in SMS parts. SmallRye's {@code @RateLimit} refuses a
 * call over the limit instead of waiting; a refused call would look like a failure to the job, so we wait our
 * turn instead. Each caller books the next free slot (parts × 1/rate seconds) and sleeps until it; with several
 * threads or workers in one process the bookings queue up, so the process as a whole stays under the rate.
 */
final class ThroughputPacer {

    private final long nanosPerPart;
    private long nextFree = System.nanoTime();

    ThroughputPacer(int partsPerSecond) {
        if (partsPerSecond <= 0) {
            throw new IllegalArgumentException("kopilka.sms.max-per-second must be positive");
        }
        this.nanosPerPart = TimeUnit.SECONDS.toNanos(1) / partsPerSecond;
    }

    void await(int parts) {
        long wait = book(parts);
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayUnavailable("interrupted while waiting for the gateway's rate", e);
            }
        }
    }

    /** @return nanoseconds to wait before these parts may go */
    synchronized long book(int parts) {
        long now = System.nanoTime();
        long start = Math.max(now, nextFree);
        nextFree = start + parts * nanosPerPart;
        return start - now;
    }
}
