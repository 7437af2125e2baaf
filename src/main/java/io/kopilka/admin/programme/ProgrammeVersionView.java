package io.kopilka.admin.programme;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.kopilka.rules.Programme;

/**
 * One stored programme version: when it takes effect, who stored it (the user's id and e-mail, for the console's
 * history), and the document itself. The JSON field keeps
 * the old spelling {@code program} (docs/architecture.md#names).
 */
public record ProgrammeVersionView(int version, OffsetDateTime effectiveFrom, boolean active, Long createdBy,
        String createdByEmail, OffsetDateTime createdAt, @JsonProperty("program") Programme programme) {
}
