package io.kopilka.admin.stores;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record StoreRequest(
        @Schema(required = true, maxLength = 64, pattern = "^[A-Za-z0-9._/-]{1,64}$", description = "The chain's own store number, unique in the chain") String code,
        @Schema(required = true, maxLength = 128) String name,
        @Schema(required = true, description = "IANA time zone, e.g. Europe/Moscow") String timezone,
        @Schema(description = "The franchisee running the store; absent for a store of head office") Long franchiseeId) {
}
