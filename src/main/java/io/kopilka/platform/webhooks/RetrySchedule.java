package io.kopilka.platform.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after the n-th failed attempt, the n-th wait of the schedule (the last
 * one repeating) plus up to 20 % jitter, so that receivers that failed together are not called back together;
 * never later than {@code retryFor} after the schedule began, and after an attempt at that age, never again.
 */
final class RetrySchedule {

    private final List<Duration> delays;
    private final Duration retryFor;

    RetrySchedule(List<Duration> delays, Duration retryFor) {
        this.delays = List.copyOf(delays);
        this.retryFor = retryFor;
    }

    /** The next attempt after {@code failedAttempts} failures (this one included), or null: give up. */
    Instant next(int failedAttempts, Instant scheduleFrom, Instant now) {
        Instant deadline = scheduleFrom.plus(retryFor);
        if (!now.isBefore(deadline)) {
            return null;
        }
        Duration wait = delays.get(Math.min(failedAttempts, delays.size()) - 1);
        long jitterMillis = (long) (wait.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
        Instant next = now.plus(wait).plusMillis(jitterMillis);
        return next.isAfter(deadline) ? deadline : next;
    }
}
