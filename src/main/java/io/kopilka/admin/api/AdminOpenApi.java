package io.kopilka.admin.api;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Declares the head-office API's authentication for the OpenAPI document. */
@SecurityScheme(securitySchemeName = "staff-basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "Head-office and franchisee users: email and password")
public final class AdminOpenApi {

    private AdminOpenApi() {
    }
}
