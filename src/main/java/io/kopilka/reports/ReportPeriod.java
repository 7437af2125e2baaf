package io.kopilka.reports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import io.kopilka.platform.FieldErrors;

/** The common query parameters of every report: an inclusive range of local dates and the row granularity. */
public record ReportPeriod(LocalDate from, LocalDate to, Granularity granularity) {

    static final int MAX_YEARS = 3;

    /** from and to are required; a bad value of any parameter is a 400 naming it. */
    public static ReportPeriod parse(String from, String to, String granularity) {
        FieldErrors errors = new FieldErrors();
        LocalDate f = date(errors, "from", from);
        LocalDate t = date(errors, "to", to);
        Granularity g = null;
        if (granularity != null && !granularity.isBlank()) {
            try {
                g = Granularity.valueOf(granularity.strip());
            } catch (IllegalArgumentException e) {
                errors.add("granularity", "must be day, week or month");
            }
        }
        if (f != null && t != null) {
            if (f.isAfter(t)) {
                errors.add("to", "must not be before from");
            } else if (t.isAfter(f.plusYears(MAX_YEARS))) {
                errors.add("to", "the period may be at most " + MAX_YEARS + " years long");
            }
        }
        errors.throwIfAny();
        return new ReportPeriod(f, t, g == null ? Granularity.defaultFor(f, t) : g);
    }

    long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    private static LocalDate date(FieldErrors errors, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            errors.add(field, "is required (an ISO date such as 2026-01-31)");
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO date such as 2026-01-31");
            return null;
        }
    }
}
