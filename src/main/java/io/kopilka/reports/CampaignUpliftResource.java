package io.kopilka.reports;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.ProblemMappers;
import io.kopilka.platform.Problems;
import io.kopilka.platform.StaffOnly;

/** What a campaign brought back: its treated customers against its held-out ones (docs/reports.md, "Uplift"). */
@Path("/api/reports/v1/campaigns")
@StaffOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Sales, liability, retention, segments, economics and settlement")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "400", description = "days outside 1..365, or an invalid store_id")
@APIResponse(responseCode = "404", description = "No such campaign in the caller's chain, or store-not-found")
public class CampaignUpliftResource {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 365;

    @Inject
    Caller caller;

    @Inject
    ReportScopes scopes;

    @Inject
    ExportForms forms;

    @Inject
    UpliftReport uplift;

    @GET
    @Path("/{id}/uplift")
    @Operation(summary = "Treated against held-out customers after the send: return rate, revenue, the difference with its 95 % interval, incremental customers and revenue, cost")
    public UpliftReport.View uplift(@PathParam("id") String id,
            @Parameter(description = "the window after each send, 1..365 days (default 30)") @QueryParam("days") String days,
            @QueryParam("store_id") String storeId) {
        int window = days(days);
        long campaign = campaignId(id);
        return uplift.uplift(scopes.resolve(caller.identity(), storeId), campaign, window);
    }

    @GET
    @Path("/{id}/uplift.{format}")
    @Produces({ ReportExports.CSV, ReportExports.XLSX, ProblemMappers.PROBLEM_JSON })
    @Operation(summary = "The uplift report as CSV or XLSX")
    @APIResponse(responseCode = "200", description = "The file, named after the campaign and the window")
    public Response export(@PathParam("id") String id, @PathParam("format") String format,
            @QueryParam("days") String days, @QueryParam("store_id") String storeId,
            @Parameter(description = "people (default) or raw") @QueryParam("form") String form,
            @Parameter(description = "en, ru, uk or bg") @QueryParam("lang") String lang,
            @HeaderParam("Accept-Language") String acceptLanguage) {
        ReportExports.requireFormat(format);
        int window = days(days);
        long campaign = campaignId(id);
        ExportForm how = forms.choose(caller.identity(), form, lang, acceptLanguage);
        ReportScope scope = scopes.resolve(caller.identity(), storeId);
        ReportTable table = UpliftTable.of(uplift.uplift(scope, campaign, window));
        String where = scope.storeId() == null ? "all-stores" : "store-" + scope.storeId() + ReportExports.slug(scope.storeName());
        return ReportExports.download(table, how, format,
                "kopilka-uplift-campaign-" + campaign + "-" + window + "-days-" + where + "." + format);
    }

    static int days(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_DAYS;
        }
        try {
            int days = Integer.parseInt(raw.strip());
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw Problems.invalid("days", "must be an integer from 1 to " + MAX_DAYS);
    }

    /** An id that is not a number names no campaign: 404, like one of another chain. */
    private static long campaignId(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.notFound("Campaign " + raw);
    }
}
