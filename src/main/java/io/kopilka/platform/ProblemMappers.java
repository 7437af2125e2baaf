package io.kopilka.platform;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Turns every failure into application/problem+json; a client mistake never becomes a 500. */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** How long a client waits before sending the same request again when the database is away. */
    public static final int RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return toResponse(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return toResponse(fromJackson(e));
    }

    /** As specific as quarkus-rest-jackson's own mapper for wrong JSON types, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return toResponse(fromJackson(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return toResponse(fromJackson(jpe));
        }
        String slug = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            default -> status < 500 ? "bad-request" : "server-error";
        };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        return toResponse(new ProblemException(status, slug, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseFaults.isUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", rootMessage(e));
            return toResponse(Problems.unavailable(
                    "The database is unavailable; send the same request again later (a receipt is recorded once whatever the retries)", RETRY_AFTER_SECONDS));
        }
        LOG.error("Unexpected failure", e);
        return toResponse(new ProblemException(500, "server-error", "Internal error",
                "The server failed; the request changed nothing and may be retried"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public static ProblemException fromJackson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            String field = JsonPaths.of(mie.getPath());
            if (mie instanceof StrictJsonReading.UnstorableText) {
                return Problems.invalid(field, mie.getOriginalMessage());
            }
            String message = mie instanceof InvalidFormatException ife
                    ? "has the wrong type or format (" + ife.getValue() + ")"
                    : "has the wrong type";
            return Problems.invalid(field, message);
        }
        return Problems.malformedJson(e.getOriginalMessage());
    }

    /** The RFC 9457 body of a problem: the one builder, for responses and for the items of a batch. */
    public static Map<String, Object> body(ProblemException e) {
        return ProblemTexts.body(e, ProblemTexts.currentLanguage());
    }

    public static Response toResponse(ProblemException e) {
        Response.ResponseBuilder rb = Response.status(e.status()).type(PROBLEM_JSON).entity(body(e));
        e.headers().forEach(rb::header);
        if (e.status() == 401) {
            rb.header("WWW-Authenticate", "Basic realm=\"kopilka\", Bearer");
        }
        return rb.build();
    }
}
