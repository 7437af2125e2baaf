package io.kopilka.admin.program;

import java.time.OffsetDateTime;

import io.kopilka.rules.Programme;

/** One stored programme version: when it takes effect, who stored it, and the document itself. */
public record ProgramVersionView(int version, OffsetDateTime effectiveFrom, boolean active, Long createdBy,
        OffsetDateTime createdAt, Programme program) {
}
