package io.kopilka.campaigns;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * A stop asked of the job (SIGTERM, {@code systemctl stop}): the job finishes the message at the gateway,
 * puts the messages it had claimed back in the queue, leaves a half-queued campaign for the next run, and
 * only then lets the process shut down. Without this the container would be torn down under a running send.
 */
@ApplicationScoped
public class JobStop {

    private static final Logger LOG = Logger.getLogger(JobStop.class);
    /** Longer than one gateway call (kopilka.sms.timeout-ms, 10 s) and a page of queueing. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private boolean requested;
    private int running;

    public synchronized boolean requested() {
        return requested;
    }

    /** Asks the running job to stop at its next safe point. */
    public synchronized void request() {
        requested = true;
        notifyAll();
    }

    /** Marks the start of a run (or of a worker's loop); every call is paired with {@link #finished()}. */
    synchronized void started() {
        running++;
    }

    synchronized void finished() {
        running--;
        notifyAll();
    }

    /** Sleeps until {@code until} or until a stop is asked; true when it was asked. */
    synchronized boolean sleepUntil(Instant until) throws InterruptedException {
        long left;
        while (!requested && (left = Duration.between(Instant.now(), until).toMillis()) > 0) {
            wait(left);
        }
        return requested;
    }

    void onShutdown(@Observes ShutdownEvent event) throws InterruptedException {
        long deadline = System.nanoTime() + GRACE.toNanos();
        synchronized (this) {
            request();
            if (running > 0) {
                LOG.info("Stopping the campaign job after the message at the gateway");
            }
            long left;
            while (running > 0 && (left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) > 0) {
                wait(left);
            }
        }
    }

    /** For tests that stop a run and start the next in the same process. */
    synchronized void reset() {
        requested = false;
    }
}
