package io.kopilka.admin.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of every error answer (RFC 9457), for the OpenAPI document only. */
@Schema(name = "Problem", description = "application/problem+json (RFC 9457)")
public record ProblemDocument(
        @Schema(description = "Stable URI of the problem type, e.g. https://kopilka.io/problems/validation-failed") String type,
        String title,
        int status,
        String detail,
        @Schema(description = "Present on validation problems: every invalid field with what is wrong") List<FieldError> errors) {

    public record FieldError(String field, String message) {
    }
}
