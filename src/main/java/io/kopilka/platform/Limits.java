package io.kopilka.platform;

/** Query-parameter parsing: a bad value is a 400 naming the parameter, never the framework's 404. */
public final class Limits {

    private Limits() {
    }

    public static int limit(String raw, int fallback, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problems.invalid("limit", "must be an integer from 1 to " + max);
    }

    /** A request without a body: the framework hands us null. */
    public static <T> T body(T body) {
        if (body == null) {
            throw Problems.invalid("body", "is required");
        }
        return body;
    }
}
