package io.kopilka.admin.customers;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Problems;

/**
 * A JSON merge patch (RFC 7396) of a customer: a field left out stays as it is, {@code null} clears it where the
 * customer may be without it (name, birth date, home store, card). Each field is {@code null} here when absent and
 * {@link Optional#empty()} when cleared. The phone stays raw: its region is the chain's.
 */
record CustomerPatch(Optional<String> name, Optional<LocalDate> birthDate, String language, Optional<String> homeStore,
        Optional<String> card, String phone) {

    static final Set<String> LANGUAGES = Set.of("ru", "uk", "bg", "en");

    private static final Set<String> FIELDS = Set.of("name", "birth_date", "language", "home_store", "card", "phone");

    /** The names of the fields the patch sets or clears, as the API spells them. */
    java.util.List<String> fieldNames() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (name != null) {
            out.add("name");
        }
        if (birthDate != null) {
            out.add("birth_date");
        }
        if (language != null) {
            out.add("language");
        }
        if (homeStore != null) {
            out.add("home_store");
        }
        if (card != null) {
            out.add("card");
        }
        if (phone != null) {
            out.add("phone");
        }
        return out;
    }

    boolean isEmpty() {
        return name == null && birthDate == null && language == null && homeStore == null && card == null && phone == null;
    }

    static CustomerPatch read(JsonNode body, LocalDate today) {
        if (body == null || body.isNull()) {
            throw Problems.invalid("body", "is required");
        }
        if (!body.isObject()) {
            throw Problems.malformedJson("The body must be a JSON object");
        }
        FieldErrors errors = new FieldErrors();
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                errors.add(field, "is not a field of a customer (name, birth_date, language, home_store, card, phone)");
            }
        }
        Optional<String> name = clearable(body, "name", 128, errors);
        Optional<String> birth = clearable(body, "birth_date", 10, errors);
        Optional<LocalDate> birthDate = null;
        if (birth != null) {
            birthDate = birth.isEmpty() ? Optional.empty() : birthDate(birth.get(), today, errors);
        }
        String language = required(body, "language", 2, errors);
        if (language != null && !LANGUAGES.contains(language)) {
            errors.add("language", "must be one of ru, uk, bg, en");
        }
        Optional<String> homeStore = clearable(body, "home_store", 64, errors);
        Optional<String> card = clearable(body, "card", 64, errors);
        String phone = required(body, "phone", 32, errors);
        errors.throwIfAny();
        return new CustomerPatch(name, birthDate, language, homeStore, card, phone);
    }

    /** Absent → null, JSON null → empty, a usable label → its stripped text. */
    private static Optional<String> clearable(JsonNode body, String field, int max, FieldErrors errors) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual() && node.textValue().isBlank()) {
            errors.add(field, "must not be blank (null clears it)");
            return null;
        }
        String text = text(node, field, max, errors);
        return text == null ? null : Optional.of(text);
    }

    /** A field that may be changed but not removed. */
    private static String required(JsonNode body, String field, int max, FieldErrors errors) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            errors.add(field, "cannot be removed");
            return null;
        }
        return text(node, field, max, errors);
    }

    private static String text(JsonNode node, String field, int max, FieldErrors errors) {
        if (!node.isTextual()) {
            errors.add(field, "must be a string");
            return null;
        }
        return errors.text(field, node.textValue(), true, max) ? node.textValue().strip() : null;
    }

    private static Optional<LocalDate> birthDate(String text, LocalDate today, FieldErrors errors) {
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.isAfter(today) || date.getYear() < 1900) {
                errors.add("birth_date", "must be a past date after 1900");
                return null;
            }
            return Optional.of(date);
        } catch (DateTimeParseException e) {
            errors.add("birth_date", "must be a date like 1990-05-17");
            return null;
        }
    }
}
