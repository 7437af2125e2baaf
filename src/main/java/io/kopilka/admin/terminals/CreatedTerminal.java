package io.kopilka.admin.terminals;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a terminal's creation: the only time its key is ever shown. */
public record CreatedTerminal(
        long terminalId,
        long id,
        long storeId,
        String name,
        @Schema(description = "The bearer key for the POS API. Shown only now: store it in the register") String key,
        String keyPrefix,
        Instant createdAt) {
}
