package io.kopilka.admin.franchisees;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record FranchiseeRequest(@Schema(required = true, maxLength = 128) String name) {
}
