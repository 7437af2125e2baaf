package io.kopilka.platform;

import java.util.ArrayList;
import java.util.List;

/** Collects every field mistake of a request so the client sees all of them at once. */
public final class FieldErrors {

    private final List<ProblemException.FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String message) {
        errors.add(new ProblemException.FieldError(field, message));
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw problem();
        }
    }

    public ProblemException problem() {
        return Problems.validation(List.copyOf(errors));
    }

    /** Checks a name or short label of at most {@code max} characters (PlainText); returns whether it is usable. */
    public boolean text(String field, String value, boolean required, int max) {
        if (value == null || value.isBlank()) {
            if (required) {
                add(field, "is required");
            }
            return false;
        }
        if (value.length() > max) {
            add(field, "must be at most " + max + " characters");
            return false;
        }
        String why = PlainText.notALabel(value);
        if (why != null) {
            add(field, why);
            return false;
        }
        return true;
    }
}
