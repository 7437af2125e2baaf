package io.kopilka.admin.terminals;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record TerminalRequest(@Schema(required = true, maxLength = 128, description = "e.g. Till 2") String name) {
}
