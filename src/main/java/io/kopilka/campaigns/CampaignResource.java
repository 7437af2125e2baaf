package io.kopilka.campaigns;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StrictJson;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

@Path("/api/admin/v1/campaigns")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Campaigns", description = "Promo SMS campaigns, birthday greetings and ready-made triggers")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Head office only")
public class CampaignResource {

    @Inject
    Caller caller;

    @Inject
    CampaignService campaigns;

    @Inject
    CampaignMessages messages;

    @POST
    @Operation(summary = "Draft a promo campaign")
    @APIResponse(responseCode = "201", description = "Created as a draft")
    @APIResponse(responseCode = "400", description = "validation-failed")
    public Response create(CampaignRequest request) {
        return Response.status(201).entity(campaigns.create(caller.identity(), Limits.body(request))).build();
    }

    @GET
    @Operation(summary = "The chain's campaigns, newest first (promo, birthday and trigger campaigns)")
    public List<CampaignView> list() {
        return campaigns.list(caller.identity());
    }

    @GET
    @Path("/settings")
    @Operation(summary = "Quiet hours, weekly cap, SMS price, birthday greeting and triggers")
    public CampaignSettings settings() {
        return campaigns.settings(caller.identity());
    }

    @PUT
    @Path("/settings")
    @Operation(summary = "Change the campaign settings; fields left out keep their defaults")
    public CampaignSettings saveSettings(CampaignSettings settings) {
        return campaigns.saveSettings(caller.identity(), Limits.body(settings));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One campaign")
    public CampaignView get(@PathParam("id") long id) {
        return campaigns.get(caller.identity(), id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a draft")
    @APIResponse(responseCode = "409", description = "campaign-state: only drafts change")
    public CampaignView update(@PathParam("id") long id, CampaignRequest request) {
        return campaigns.update(caller.identity(), id, Limits.body(request));
    }

    @POST
    @Path("/{id}/preview")
    @Operation(summary = "Audience size, SMS parts and cost if it were sent now (nothing is written)")
    public Preview preview(@PathParam("id") long id) {
        return campaigns.preview(caller.identity(), id);
    }

    @POST
    @Path("/{id}/launch")
    @Operation(summary = "Schedule a draft for its send_at (or now); the batch job queues and sends it")
    @APIResponse(responseCode = "409", description = "campaign-state")
    public CampaignView launch(@PathParam("id") long id) {
        return campaigns.launch(caller.identity(), id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a scheduled campaign before the job starts queueing it")
    @APIResponse(responseCode = "409", description = "campaign-state")
    public CampaignView cancel(@PathParam("id") long id) {
        return campaigns.cancel(caller.identity(), id);
    }

    @GET
    @Path("/{id}/stats")
    @Operation(summary = "Queued, sent, delivered, failed, skipped, opted out, and recipients who bought within 14 days")
    public CampaignStats stats(@PathParam("id") long id) {
        return campaigns.stats(caller.identity(), id);
    }

    @GET
    @Path("/{id}/messages")
    @Operation(summary = "The campaign's messages in one status (default unknown: the gateway may or may not have taken "
            + "them), 500 at a time in id order; page on with after_id")
    @APIResponse(responseCode = "400", description = "validation-failed: an unknown status")
    public List<MessageView> messages(@PathParam("id") long id, @QueryParam("status") @DefaultValue("unknown") String status,
            @QueryParam("after_id") @DefaultValue("0") String afterId) {
        return messages.list(caller.identity(), id, status, afterId);
    }

    @POST
    @Path("/{id}/messages/{messageId}/resend")
    @Operation(summary = "Send an unknown message again: back in the queue for the job's next run, as a fresh attempt; "
            + "asking again changes nothing")
    @APIResponse(responseCode = "409", description = "message-state: only an unknown message can be resent")
    public MessageView resend(@PathParam("id") long id, @PathParam("messageId") long messageId) {
        return messages.resend(caller.identity(), id, messageId);
    }

    @POST
    @Path("/{id}/messages/resend-unknown")
    @Operation(summary = "Send every unknown message of the campaign again (one click); returns how many went back to the queue")
    public CampaignMessages.Resent resendUnknown(@PathParam("id") long id) {
        return new CampaignMessages.Resent(id, messages.resendUnknown(caller.identity(), id));
    }
}
