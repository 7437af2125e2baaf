package io.kopilka.admin.audit;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/** One audit row as head office reads it: made by a user, or by a terminal (a till's change of a customer). */
public record AuditEntryView(long id, Long userId, String userEmail, Long terminalId, String action, String entity,
        String entityId, JsonNode before, JsonNode after, OffsetDateTime at) {
}
