package io.kopilka.admin.terminals;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

@Path("/api/admin/v1")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Terminals", description = "Cash registers and their POS API keys")
@SecurityRequirement(name = "staff-basic")
public class TerminalResource {

    @Inject
    Caller caller;

    @Inject
    TerminalService terminals;

    @POST
    @Path("/stores/{storeId}/terminals")
    @Operation(summary = "Create a terminal; its key is in this answer and never shown again")
    @APIResponse(responseCode = "201", description = "Created, with the key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedTerminal.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "403", description = "Only head office creates terminals")
    @APIResponse(responseCode = "404", description = "No such store in the caller's chain")
    public Response create(@PathParam("storeId") long storeId, TerminalRequest request) {
        CreatedTerminal created = terminals.create(caller.identity(), storeId, Limits.body(request));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Path("/stores/{storeId}/terminals")
    @Operation(summary = "List a store's terminals (never their keys)")
    @APIResponse(responseCode = "200", description = "Terminals, revoked ones included")
    @APIResponse(responseCode = "404", description = "No such store in the caller's chain (or not the franchisee's own)")
    public List<TerminalView> list(@PathParam("storeId") long storeId) {
        return terminals.listOfStore(caller.identity(), storeId);
    }

    @DELETE
    @Path("/terminals/{id}")
    @Operation(summary = "Revoke a terminal's key at once (repeating it is harmless)")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "403", description = "Only head office revokes terminals")
    @APIResponse(responseCode = "404", description = "No such terminal in the caller's chain")
    public void revoke(@PathParam("id") long id) {
        terminals.revoke(caller.identity(), id);
    }
}
