package io.kopilka.platform.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.faulttolerance.api.Guard;

/**
 * One attempt of one delivery, through the endpoint's own SmallRye Fault Tolerance guard: a time-out on the whole
 * attempt (connect, send, status, the first bytes of the answer), a bulkhead (at most
 * {@code kopilka.webhooks.per-endpoint} attempts at once) and a circuit breaker (an endpoint that keeps failing is
 * left alone for {@code kopilka.webhooks.breaker-delay}). Redirects are not followed (a redirect could lead inside);
 * at most {@code kopilka.webhooks.response-excerpt-bytes} of an answer are read, the rest never.
 */
@ApplicationScoped
public class WebhookSender {

    private static final String USER_AGENT = "Kopilka-Webhooks/1";

    @Inject
    WebhookSettings settings;

    private HttpClient http;
    private final Map<Long, Guard> guards = new ConcurrentHashMap<>();

    @PostConstruct
    void start() {
        http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "webhook-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    /**
     * Sends the delivery signed by every given secret. Returns the answer when it is 2xx; throws
     * {@link ReceiverRefused} for another status, and the guard's or the network's exception otherwise.
     */
    ReceiverAnswer send(ClaimedDelivery d, URI target, List<SigningSecret> secrets, long timestampSeconds)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(settings.answerTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("webhook-id", d.eventId())
                .header("webhook-timestamp", Long.toString(timestampSeconds))
                .header("webhook-signature", WebhookSignature.header(secrets, d.eventId(), timestampSeconds, d.body()))
                .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8))
                .build();
        return guard(d.endpointId()).call(() -> {
            ReceiverAnswer answer = call(request);
            if (!answer.accepted()) {
                throw new ReceiverRefused(answer);
            }
            return answer;
        }, ReceiverAnswer.class);
    }

    private ReceiverAnswer call(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes(settings.responseExcerptBytes());
            return new ReceiverAnswer(response.statusCode(), excerpt(first));
        }
    }

    /** The answer's first bytes as text, cut at the last whole character. */
    static String excerpt(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.isEmpty() && text.charAt(text.length() - 1) == '\uFFFD') {
            text = text.substring(0, text.length() - 1);
        }
        return text.replace('\u0000', ' ');
    }

    private Guard guard(long endpointId) {
        return guards.computeIfAbsent(endpointId, id -> Guard.create()
                .withDescription("webhook endpoint " + id)
                .withTimeout().duration(settings.answerTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withBulkhead().limit(settings.perEndpoint()).queueSize(1).done()
                .withCircuitBreaker().requestVolumeThreshold(10).failureRatio(1.0)
                        .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS).successThreshold(1).done()
                .build());
    }

    /** Forgets an endpoint's guard (deleted, or enabled again after its breaker opened). */
    public void forget(long endpointId) {
        guards.remove(endpointId);
    }
}
