package io.kopilka.admin.audit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.StaffOnly;

@Path("/api/admin/v1/ledger/audit")
@StaffOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Head office only")
public class LedgerAuditResource {

    @Inject
    Caller caller;

    @Inject
    LedgerAuditService ledgerAudit;

    @GET
    @Operation(summary = "Check the ledger's invariants for the chain: balance = sum of entries for every customer")
    @APIResponse(responseCode = "200", description = "The check's result; ok is false when a customer's entries and lots disagree")
    public LedgerAuditView check() {
        return ledgerAudit.check(caller.identity());
    }
}
