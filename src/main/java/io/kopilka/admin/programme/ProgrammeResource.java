package io.kopilka.admin.programme;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.StaffOnly;
import io.kopilka.rules.Programme;

import com.fasterxml.jackson.databind.JsonNode;

@Path("/api/admin/v1/program")
@StaffOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Programme", description = "The chain's loyalty programme and its versions")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Head office only")
public class ProgrammeResource {

    @Inject
    Caller caller;

    @Inject
    ProgrammeService programme;

    @GET
    @Operation(summary = "The programme in force now (the document of docs/programme.md)")
    @APIResponse(responseCode = "200", description = "The active programme version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Programme.class)))
    public Programme active() {
        return programme.active(caller.identity());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a new version of the programme (the whole document); it takes effect at effective_from (now when absent)")
    @APIResponse(responseCode = "200", description = "The stored version, with its number",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Programme.class)))
    @APIResponse(responseCode = "422", description = "invalid-programme: impossible settings, each listed in errors")
    @APIResponse(responseCode = "400", description = "validation-failed: a required field is missing or has the wrong type")
    public Programme publish(JsonNode body) {
        return programme.publish(caller.identity(), body);
    }

    @POST
    @Path("/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "What-if: replay the period's receipts under a draft programme, next to what actually happened; writes nothing",
            description = "Body: {\"programme\": {a full programme document}, \"from\": \"2026-10-01\", \"to\": \"2026-10-31\", \"stores\": [\"0042\"]}. "
                    + "Days are each store's local days. Redemptions are replayed as the same request, capped by the draft.")
    @APIResponse(responseCode = "200", description = "Totals, per tier and per store; receipts whose redemption the draft had to cap")
    @APIResponse(responseCode = "422", description = "invalid-programme: the draft is impossible")
    public Simulation.Report simulate(JsonNode body) {
        return programme.simulate(caller.identity(), body);
    }

    @GET
    @Path("/versions/{version}")
    @Operation(summary = "One past or future version of the programme")
    public Programme version(@PathParam("version") int version) {
        return programme.version(caller.identity(), version);
    }

    @GET
    @Path("/categories")
    @Operation(summary = "The categories the chain's receipt lines carried recently, most frequent first",
            description = "For the programme editor: category rules and multipliers name these. At most 500.")
    @APIResponse(responseCode = "200", description = "[{category, lines, sales_minor}]")
    @APIResponse(responseCode = "400", description = "validation-failed: days is not 1-366")
    public List<ChainCategories.SeenCategory> categories(
            @Parameter(description = "Look back this many days (1-366, default 90)") @QueryParam("days") String days) {
        return programme.categories(caller.identity(), days);
    }

    @GET
    @Path("/versions")
    @Operation(summary = "Every programme version, newest first")
    @APIResponse(responseCode = "200", description = "Versions with who stored them and the document")
    public List<ProgrammeVersionView> versions() {
        return programme.versions(caller.identity());
    }
}
