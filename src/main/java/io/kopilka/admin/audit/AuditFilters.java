package io.kopilka.admin.audit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import io.kopilka.platform.FieldErrors;

/** The audit log's query parameters, each mistake a 400 naming the parameter. */
final class AuditFilters {

    private AuditFilters() {
    }

    static AuditService.Filter parse(String entity, String userId, String from, String to, String beforeId, int limit) {
        FieldErrors errors = new FieldErrors();
        String what = entity == null || entity.isBlank() ? null : entity.strip();
        if (what != null && what.length() > 64) {
            errors.add("entity", "must be at most 64 characters");
        }
        Long user = id("user_id", userId, errors);
        Long before = id("before_id", beforeId, errors);
        LocalDate fromDay = day("from", from, errors);
        LocalDate toDay = day("to", to, errors);
        if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
            errors.add("to", "must not be before from");
        }
        errors.throwIfAny();
        return new AuditService.Filter(what, user, fromDay, toDay, before, limit);
    }

    private static Long id(String field, String raw, FieldErrors errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(raw.strip());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(field, "must be a positive integer");
        return null;
    }

    private static LocalDate day(String field, String raw, FieldErrors errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            errors.add(field, "must be a date yyyy-mm-dd");
            return null;
        }
    }
}
