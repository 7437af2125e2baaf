package io.kopilka.admin.customers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record AdjustmentRequest(
        @Schema(required = true, description = "Points to add (positive, available at once) or take (negative, down to the available balance)") Long points,
        @Schema(required = true, maxLength = 256, description = "Why: shown in the customer's ledger") String reason) {
}
