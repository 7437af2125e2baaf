package io.kopilka.platform;

import java.util.List;
import java.util.Map;

/** The catalogue of problem types. Each slug is documented in docs/api/problems.md. */
public final class Problems {

    public static final String TYPE_BASE = "https://kopilka.io/problems/";

    private Problems() {
    }

    public static ProblemException validation(List<ProblemException.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "validation-failed", "The request has invalid fields", detail, errors, Map.of());
    }

    public static ProblemException invalid(String field, String message) {
        return validation(List.of(new ProblemException.FieldError(field, message)));
    }

    public static ProblemException malformedJson(String detail) {
        return new ProblemException(400, "malformed-json", "The body is not valid JSON of the expected shape", detail);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " was not found");
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Authentication required", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Not allowed", detail);
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }

    public static ProblemException conflict(String slug, String title, String detail, Map<String, Object> extra) {
        return new ProblemException(409, slug, title, detail, List.of(), extra);
    }

    public static ProblemException unprocessable(String slug, String title, String detail) {
        return new ProblemException(422, slug, title, detail);
    }

    public static ProblemException uriTooLong(String detail) {
        return new ProblemException(414, "uri-too-long", "The URL is too long", detail);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "body-too-large", "The body is too large", detail);
    }

    /**
     * The database (or another dependency the answer needs) is away or too slow: nothing was recorded, or
     * what was recorded is replayed by the same request. The client sells without loyalty and retries the same
     * body after {@code Retry-After} seconds.
     */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "unavailable", "Temporarily unavailable", detail, List.of(), Map.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    /** A rate limit was reached; {@code headers} carry {@code Retry-After} and the IETF RateLimit fields. */
    public static ProblemException tooManyRequests(String detail, Map<String, String> headers) {
        return new ProblemException(429, "too-many-requests", "Too many requests", detail, List.of(), Map.of(), headers);
    }
}
