package io.kopilka.admin.audit;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/** One audit row as head office reads it. */
public record AuditEntryView(long id, Long userId, String userEmail, String action, String entity, String entityId,
        JsonNode before, JsonNode after, OffsetDateTime at) {
}
