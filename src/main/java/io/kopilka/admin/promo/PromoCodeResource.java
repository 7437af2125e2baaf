package io.kopilka.admin.promo;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

@Path("/api/admin/v1/promo-codes")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Promo codes", description = "Percentage, fixed or extra-points codes cashiers enter at the till")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Head office only")
public class PromoCodeResource {

    @Inject
    Caller caller;

    @Inject
    PromoCodeService promos;

    @POST
    @Operation(summary = "Create a promo code")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "409", description = "promo-code-taken")
    public Response create(PromoCodeRequest request) {
        return Response.status(201).entity(promos.create(caller.identity(), request)).build();
    }

    @GET
    @Operation(summary = "Every promo code of the chain, newest first, with its uses")
    public List<PromoCodeView> list() {
        return promos.list(caller.identity());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One promo code")
    public PromoCodeView get(@PathParam("id") long id) {
        return promos.get(caller.identity(), id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a promo code (the whole definition)")
    public PromoCodeView update(@PathParam("id") long id, PromoCodeRequest request) {
        return promos.update(caller.identity(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Deactivate a promo code (it stays for the receipts that used it)")
    public PromoCodeView deactivate(@PathParam("id") long id) {
        return promos.deactivate(caller.identity(), id);
    }
}
