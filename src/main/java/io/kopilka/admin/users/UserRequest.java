package io.kopilka.admin.users;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record UserRequest(
        @Schema(required = true, maxLength = 128) String email,
        @Schema(required = true, minLength = 10, maxLength = 128) String password,
        @Schema(required = true, enumeration = { "head_office", "franchisee" }) String role,
        @Schema(description = "Required for role franchisee, absent for head_office") Long franchiseeId) {

    @Override
    public String toString() {
        return "UserRequest[email=" + email + ", role=" + role + ", franchiseeId=" + franchiseeId + "]";
    }
}
