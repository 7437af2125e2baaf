package io.kopilka.admin.webhooks;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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

@Path("/api/admin/v1/webhooks")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Endpoints that receive the chain's events (Standard Webhooks), and their deliveries")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Head office only")
public class WebhookResource {

    @Inject
    Caller caller;

    @Inject
    WebhookEndpoints endpoints;

    @Inject
    WebhookDeliveries deliveries;

    @POST
    @Operation(summary = "Register an endpoint; its secret is in this answer and never shown again")
    @APIResponse(responseCode = "201", description = "Registered, with the secret",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookWithSecret.class)))
    @APIResponse(responseCode = "400", description = "validation-failed: url (https to a public address), events, secret")
    @APIResponse(responseCode = "409", description = "webhook-limit")
    public Response create(WebhookRequest request) {
        return Response.status(Response.Status.CREATED).entity(endpoints.create(caller.identity(), Limits.body(request)))
                .build();
    }

    @GET
    @Operation(summary = "The chain's endpoints (never their secrets)")
    public List<WebhookView> list() {
        return endpoints.list(caller.identity());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One endpoint (never its secret)")
    @APIResponse(responseCode = "404", description = "No such endpoint in the caller's chain")
    public WebhookView get(@PathParam("id") long id) {
        return endpoints.get(caller.identity(), id);
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change url, events or enabled, or rotate the secret (the new one is in the answer, once)")
    @APIResponse(responseCode = "200", description = "Changed; secret present only after a rotation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookWithSecret.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "404", description = "No such endpoint in the caller's chain")
    public WebhookWithSecret change(@PathParam("id") long id, WebhookChange change) {
        return endpoints.change(caller.identity(), id, Limits.body(change));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an endpoint and its deliveries")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such endpoint in the caller's chain")
    public void delete(@PathParam("id") long id) {
        endpoints.delete(caller.identity(), id);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The endpoint's deliveries, newest first; page on with before_id, filter by status")
    @APIResponse(responseCode = "400", description = "validation-failed: status, before_id, limit")
    @APIResponse(responseCode = "404", description = "No such endpoint in the caller's chain")
    public List<DeliveryView> deliveries(@PathParam("id") long id, @QueryParam("status") String status,
            @QueryParam("before_id") String beforeId, @QueryParam("limit") String limit) {
        return deliveries.list(caller.identity(), id, status, beforeId, limit);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Send a delivery again (same webhook-id and body, a fresh retry schedule)")
    @APIResponse(responseCode = "200", description = "Pending again")
    @APIResponse(responseCode = "404", description = "No such endpoint or delivery in the caller's chain")
    public DeliveryView retry(@PathParam("id") long id, @PathParam("deliveryId") long deliveryId) {
        return deliveries.retry(caller.identity(), id, deliveryId);
    }
}
