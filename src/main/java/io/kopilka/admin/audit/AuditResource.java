package io.kopilka.admin.audit;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StaffOnly;

@Path("/api/admin/v1/audit")
@StaffOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Who changed what in the chain's configuration and balances")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Franchisee users may not read the audit log")
public class AuditResource {

    @Inject
    Caller caller;

    @Inject
    AuditService audit;

    @GET
    @Operation(summary = "The chain's audit log, newest first, filtered by entity, user and UTC days; paged by before_id")
    @APIResponse(responseCode = "200", description = "Audit entries")
    @APIResponse(responseCode = "400", description = "validation-failed: entity, user_id, from, to, before_id or limit")
    public List<AuditEntryView> list(
            @Parameter(description = "Only entries about this entity (store, terminal, user, franchisee, customer, programme)") @QueryParam("entity") String entity,
            @Parameter(description = "Only entries made by this user") @QueryParam("user_id") String userId,
            @Parameter(description = "From this UTC day (yyyy-mm-dd), inclusive") @QueryParam("from") String from,
            @Parameter(description = "To this UTC day (yyyy-mm-dd), inclusive") @QueryParam("to") String to,
            @Parameter(description = "Only entries older than this id: the last id of the page before") @QueryParam("before_id") String beforeId,
            @Parameter(description = "At most this many entries (1-1000, default 100)") @QueryParam("limit") String limit) {
        return audit.list(caller.identity(), AuditFilters.parse(entity, userId, from, to, beforeId, Limits.limit(limit, 100, 1000)));
    }
}
