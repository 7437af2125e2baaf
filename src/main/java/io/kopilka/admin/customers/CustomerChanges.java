package io.kopilka.admin.customers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The PATCH body as documented; it is read as a merge patch by {@link CustomerPatch}. */
@Schema(description = "Any of these fields; a field left out stays as it is. Unknown fields are refused.")
public record CustomerChanges(
        @Schema(nullable = true, maxLength = 128, description = "null clears it") String name,
        @Schema(nullable = true, format = "date", description = "ISO date, e.g. 1990-05-17; null clears it") String birthDate,
        @Schema(enumeration = {"ru", "uk", "bg", "en"}) String language,
        @Schema(nullable = true, maxLength = 64, description = "A store code of the chain; null clears it") String homeStore,
        @Schema(nullable = true, maxLength = 64, description = "Loyalty card number; null removes the card") String card,
        @Schema(maxLength = 32, description = "Any local form, normalised with the chain's region; cannot be removed") String phone) {
}
