package io.kopilka.platform;

import java.util.List;
import java.util.Map;

/**
 * A refusal or a client mistake that becomes an RFC 9457 problem+json answer.
 * {@code slug} is the last segment of the stable problem type URI.
 */
public class ProblemException extends RuntimeException {

    /**
     * One field's mistake: {@code message} in English as the code wrote it, {@code code} the kind of mistake
     * ({@link Mistakes}) that keys its text in other languages, {@code args} the values that text names.
     */
    public record FieldError(String field, String message, String code, List<String> args) {

        public FieldError(String field, String message) {
            this(field, message, Mistakes.classify(message));
        }

        private FieldError(String field, String message, Mistakes.Kind kind) {
            this(field, message, kind.code(), kind.args());
        }
    }

    private final int status;
    private final String slug;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors,
            Map<String, Object> extra) {
        this(status, slug, title, detail, errors, extra, Map.of());
    }

    /** @param headers HTTP headers the answer carries besides the body, e.g. {@code Retry-After}. */
    public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors,
            Map<String, Object> extra, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.extra = extra;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
