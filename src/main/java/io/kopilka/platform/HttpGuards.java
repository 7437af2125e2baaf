package io.kopilka.platform;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * What every HTTP request meets before the application: a URL and a body of bounded size, answered with
 * problem+json when too large (the server's own bare 413 and 414 are left only for what is far beyond), and
 * an answer within the caller's time-out. A till waits at most {@code kopilka.pos.answer-timeout} (2 s): if
 * the database is slow or away the till gets 503 {@code unavailable} then, while the work goes on and either
 * commits (the retry with the same body replays it) or fails. The head-office API and the console have their
 * own, longer bound.
 */
@ApplicationScoped
public class HttpGuards {

    private static final Logger LOG = Logger.getLogger(HttpGuards.class);
    static final String BATCH_PATH = "/api/pos/v1/receipts/batch";
    /** Spec 12: a request body, and an offline batch of up to 500 receipts. */
    public static final long REQUEST_BYTES = 256 * 1024;
    public static final long BATCH_BYTES = 6 * 1024 * 1024;

    @ConfigProperty(name = "kopilka.pos.answer-timeout", defaultValue = "2s")
    Duration posTimeout;

    @ConfigProperty(name = "kopilka.admin.answer-timeout", defaultValue = "30s")
    Duration adminTimeout;

    @ConfigProperty(name = "kopilka.http.max-url-length", defaultValue = "8192")
    int maxUrlLength;

    void register(@Observes Filters filters) {
        filters.register(this::guard, 2000);
    }

    void guard(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.length() > maxUrlLength) {
            answer(ctx.response(), Problems.uriTooLong(
                    "The URL has " + uri.length() + " characters; at most " + maxUrlLength + " are accepted"), true);
            return;
        }
        String path = ctx.request().path();
        long limit = BATCH_PATH.equals(path) ? BATCH_BYTES : REQUEST_BYTES;
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLong(length, limit)) {
            answer(ctx.response(), Problems.tooLarge("The body may have at most " + limit + " bytes"), true);
            return;
        }
        Duration timeout = timeoutOf(path);
        if (timeout != null) {
            long timer = ctx.vertx().setTimer(timeout.toMillis(), id -> late(ctx, timeout));
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        }
        ctx.next();
    }

    private Duration timeoutOf(String path) {
        if (path.startsWith("/api/pos/")) {
            return posTimeout;
        }
        if (path.startsWith("/api/") || path.startsWith("/console")) {
            return adminTimeout;
        }
        return null;
    }

    private static boolean tooLong(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the server itself refuses a malformed length
        }
    }

    private static void late(RoutingContext ctx, Duration timeout) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten() || response.closed()) {
            return;
        }
        LOG.warnf("No answer within %d ms for %s %s: answered 503", timeout.toMillis(), ctx.request().method(),
                ctx.request().path());
        answer(response, Problems.unavailable("No answer within " + timeout.toMillis() + " ms; send the same request "
                + "again later (a receipt is recorded once whatever the retries)", ProblemMappers.RETRY_AFTER_SECONDS),
                false);
    }

    /** The same body and headers as ProblemMappers gives every other problem, written here on the event loop. */
    private static void answer(HttpServerResponse response, ProblemException problem, boolean unreadBody) {
        try {
            response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON);
            problem.headers().forEach(response::putHeader);
            if (unreadBody) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            response.end(Json.encode(ProblemMappers.body(problem)));
        } catch (IllegalStateException e) {
            // the application's own answer went out first
        }
    }
}
