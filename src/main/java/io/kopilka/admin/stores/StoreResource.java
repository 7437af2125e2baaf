package io.kopilka.admin.stores;

import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

// Same class path as TerminalResource: both serve /stores/..., and only equal class paths share a subtree.
@Path("/api/admin/v1")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Stores", description = "The chain's stores; a franchisee user sees only its own")
@SecurityRequirement(name = "staff-basic")
@SecurityScheme(securitySchemeName = "staff-basic", type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "Head-office and franchisee users of the head-office API: email and password")
public class StoreResource {

    @Inject
    Caller caller;

    @Inject
    StoreService stores;

    @POST
    @Path("/stores")
    @Operation(summary = "Create a store")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoreView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields (e.g. an unknown time zone or franchisee)")
    @APIResponse(responseCode = "403", description = "Only head office creates stores")
    @APIResponse(responseCode = "409", description = "store-code-taken: the chain already has a store with this code")
    public Response create(StoreRequest request) {
        StoreView created = stores.create(caller.identity(), Limits.body(request));
        return Response.created(URI.create("/api/admin/v1/stores/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/stores")
    @Operation(summary = "List stores (a franchisee user sees only its own)")
    @APIResponse(responseCode = "200", description = "Stores ordered by code")
    public List<StoreView> list() {
        return stores.list(caller.identity());
    }

    @GET
    @Path("/stores/{id}")
    @Operation(summary = "One store")
    @APIResponse(responseCode = "200", description = "The store")
    @APIResponse(responseCode = "404", description = "No such store in the caller's chain (or not the franchisee's own)")
    public StoreView get(@PathParam("id") long id) {
        return stores.get(caller.identity(), id);
    }
}
