package io.kopilka.admin.customers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record MergeRequest(
        @Schema(required = true, description = "The duplicate: its points, receipts and referral links move to the customer of the path") Long fromCustomerId) {
}
