package io.kopilka.admin.franchisees;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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

@Path("/api/admin/v1/franchisees")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Franchisees", description = "Companies that run some of the chain's stores")
@SecurityRequirement(name = "staff-basic")
public class FranchiseeResource {

    @Inject
    Caller caller;

    @Inject
    FranchiseeService franchisees;

    @POST
    @Operation(summary = "Create a franchisee")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FranchiseeView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "403", description = "Only head office creates franchisees")
    public Response create(FranchiseeRequest request) {
        FranchiseeView created = franchisees.create(caller.identity(), Limits.body(request));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @GET
    @Operation(summary = "List franchisees (a franchisee user sees only its own)")
    @APIResponse(responseCode = "200", description = "Franchisees")
    public List<FranchiseeView> list() {
        return franchisees.list(caller.identity());
    }
}
