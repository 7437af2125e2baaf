package io.kopilka.platform.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.kopilka.platform.Transactions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Delivers the outbox in the background: one thread claims due deliveries (as many as there are free senders) and
 * {@code kopilka.webhooks.senders} threads of its own send them, so no request worker ever waits for a receiver.
 * Each API node runs one; they share the work through the claims' leases (docs/adr/0041-webhooks-outbox-and-dispatcher.md).
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    @Inject
    WebhookSettings settings;

    @Inject
    Transactions transactions;

    @Inject
    DeliveryLeases leases;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookTargets targets;

    @Inject
    SecretSeal seal;

    @Inject
    Subscriptions subscriptions;

    /** Attempts in flight per endpoint on this node: a full endpoint is not claimed for (no claim-and-refuse loop). */
    private final java.util.Map<Long, java.util.concurrent.atomic.AtomicInteger> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread claimer;
    private ExecutorService senders;
    private Semaphore free;
    private RetrySchedule schedule;

    void start(@Observes StartupEvent event) {
        schedule = new RetrySchedule(settings.retryDelays(), settings.retryFor());
        if (!settings.dispatch()) {
            return;
        }
        int n = Math.max(1, settings.senders());
        free = new Semaphore(n);
        senders = new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(n), r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
        running = true;
        claimer = new Thread(this::claimWhileRunning, "webhook-dispatcher");
        claimer.setDaemon(true);
        claimer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (claimer != null) {
            claimer.interrupt();
            // what is in flight is abandoned: its lease ends and another node (or the next start) sends it again
            senders.shutdownNow();
        }
    }

    private void claimWhileRunning() {
        while (running) {
            try {
                free.acquire();
                free.release();
                int slots = free.availablePermits();
                List<Long> busy = inFlight.entrySet().stream()
                        .filter(e -> e.getValue().get() >= settings.perEndpoint()).map(java.util.Map.Entry::getKey).toList();
                List<ClaimedDelivery> claimed = transactions.read(c -> leases.claim(c, slots, settings.lease(), busy));
                for (ClaimedDelivery d : claimed) {
                    java.util.concurrent.atomic.AtomicInteger count =
                            inFlight.computeIfAbsent(d.endpointId(), id -> new java.util.concurrent.atomic.AtomicInteger());
                    if (count.incrementAndGet() > settings.perEndpoint()) {
                        count.decrementAndGet(); // claimed in the same batch as others of its endpoint: next time
                        transactions.read(c -> {
                            leases.notNow(c, d, Instant.now().plus(settings.pollEvery()));
                            return null;
                        });
                        continue;
                    }
                    free.acquire();
                    senders.execute(() -> {
                        try {
                            deliver(d);
                        } finally {
                            count.decrementAndGet();
                            free.release();
                        }
                    });
                }
                if (claimed.isEmpty()) {
                    Thread.sleep(settings.pollEvery().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Webhook deliveries could not be claimed (%s); trying again in %s", e.getMessage(),
                        settings.pollEvery());
                sleepQuietly();
            }
        }
    }

    /** One attempt of a claimed delivery, and its outcome recorded. */
    public void deliver(ClaimedDelivery d) {
        Instant now = Instant.now();
        URI target = URI.create(d.url());
        String refusal = targets.refusalAtSendTime(target);
        if (refusal != null) {
            failed(d, null, null, refusal, now);
            return;
        }
        List<SigningSecret> secrets;
        try {
            secrets = secretsOf(d);
        } catch (IllegalStateException e) {
            failed(d, null, null, e.getMessage(), now);
            return;
        }
        try {
            ReceiverAnswer answer = sender.send(d, target, secrets, now.getEpochSecond());
            transactions.inTransaction(c -> {
                leases.delivered(c, d, answer.status(), answer.excerpt());
                return null;
            });
        } catch (ReceiverRefused refused) {
            ReceiverAnswer answer = refused.answer();
            if (answer.gone()) {
                transactions.inTransaction(c -> {
                    leases.attemptFailed(c, d, answer.status(), answer.excerpt(), "the receiver answered 410 Gone", null);
                    leases.disableEndpoint(c, d, "the receiver answered 410 Gone");
                    return null;
                });
                subscriptions.reload();
                LOG.infof("Webhook endpoint %d answered 410 Gone and is disabled", d.endpointId());
            } else {
                failed(d, answer.status(), answer.excerpt(), "the receiver answered " + answer.status(), now);
            }
        } catch (BulkheadException | CircuitBreakerOpenException e) {
            String why = e instanceof BulkheadException ? "the endpoint is busy" : "the endpoint's circuit breaker is open";
            transactions.inTransaction(c -> {
                leases.notNow(c, d, Instant.now().plus(settings.pollEvery()));
                return null;
            });
            LOG.debugf("%s not attempted: %s", d, why);
        } catch (TimeoutException | java.net.http.HttpTimeoutException e) {
            failed(d, null, null, "no answer within " + settings.answerTimeout(), now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the lease ends and the delivery is sent again
        } catch (Exception e) {
            failed(d, null, null, errorText(e), now);
        }
    }

    private void failed(ClaimedDelivery d, Integer status, String excerpt, String error, Instant now) {
        Instant next = schedule.next(d.attempts() + 1, d.scheduleFrom(), now);
        transactions.inTransaction(c -> {
            leases.attemptFailed(c, d, status, excerpt, error, next);
            return null;
        });
    }

    private List<SigningSecret> secretsOf(ClaimedDelivery d) {
        List<SigningSecret> out = new ArrayList<>(2);
        out.add(open(d.secretSealed()));
        if (d.previousSecretSealed() != null) {
            out.add(open(d.previousSecretSealed()));
        }
        return out;
    }

    private SigningSecret open(String sealed) {
        SigningSecret s = seal.open(sealed);
        if (s == null) {
            throw new IllegalStateException("the endpoint's secret is unreadable");
        }
        return s;
    }

    /** The failure's kind and message, never the request (its headers carry signatures). */
    private static String errorText(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(settings.pollEvery().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
