package io.kopilka.campaigns.gateway;

import java.util.concurrent.TimeUnit;

/**
 * Keeps the sending at the operator's allowed rate, counted in SMS parts. SmallRye's {@code @RateLimit} refuses a
 * call over the limit instead of waiting; a refused call would look like a failure to the job, so we wait our
 * turn instead. Each caller books the next free slot (parts × 1/rate seconds) and sleeps until it, so the parts
 * go evenly spaced, never in a burst after a pause. With {@link Blocks} the slots are taken out of blocks booked
 * in the database, which other processes sending through the same account book too: together they stay at the rate.
 */
final class ThroughputPacer {

    /** Where a process books its share of the rate; answers the nanoseconds until the booked block starts. */
    interface Blocks {
        long book(long blockNanos);
    }

    private final long nanosPerPart;
    private final Blocks blocks;
    private final int blockParts;
    private long nextFree = System.nanoTime();
    /** The end of the block booked last; nothing is booked before the first message. */
    private long blockEnd = nextFree;

    ThroughputPacer(int partsPerSecond) {
        this(partsPerSecond, null, 1);
    }

    /** {@code blocks} null: this process alone keeps the rate. */
    ThroughputPacer(int partsPerSecond, Blocks blocks, int blockParts) {
        if (partsPerSecond <= 0) {
            throw new IllegalArgumentException("kopilka.sms.max-per-second must be positive");
        }
        this.nanosPerPart = TimeUnit.SECONDS.toNanos(1) / partsPerSecond;
        this.blocks = blocks;
        this.blockParts = Math.max(1, blockParts);
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
        long need = parts * nanosPerPart;
        if (blocks != null && blockEnd - Math.max(now, nextFree) < need) {
            long size = Math.max(parts, blockParts) * nanosPerPart;
            long startsIn = blocks.book(size);
            now = System.nanoTime();
            nextFree = now + startsIn;
            blockEnd = nextFree + size;
        }
        long start = Math.max(now, nextFree);
        nextFree = start + need;
        return start - now;
    }
}
