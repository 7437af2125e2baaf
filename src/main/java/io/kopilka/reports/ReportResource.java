package io.kopilka.reports;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.platform.Caller;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.ProblemMappers;
import io.kopilka.platform.Problems;

/**
 * The report API (docs/reports.md). Head office sees every store of its chain, a franchisee its own stores;
 * the scope goes into every query. Figures come from the rollups, at most one refresh interval old.
 */
@Path("/api/reports/v1")
@StaffOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "Sales, liability, retention, segments, economics and settlement")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "400", description = "A missing or invalid from, to, granularity or store_id")
@APIResponse(responseCode = "404", description = "store-not-found: no such store among the caller's stores")
public class ReportResource {

    @Inject
    Caller caller;

    @Inject
    ReportScopes scopes;

    @Inject
    ExportForms forms;

    @Inject
    SalesReport sales;

    @Inject
    LiabilityReport liability;

    @Inject
    RetentionReport retention;

    @Inject
    SegmentsReport segments;

    @Inject
    EconomicsReport economics;

    @Inject
    SettlementReport settlement;

    @GET
    @Path("/sales")
    @Operation(summary = "Receipts, sales and points per store and day, week or month")
    public SalesReport.View sales(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("store_id") String storeId, @QueryParam("granularity") String granularity) {
        ReportPeriod period = ReportPeriod.parse(from, to, granularity);
        return sales.sales(scope(storeId), period);
    }

    @GET
    @Path("/liability")
    @Operation(summary = "Outstanding points by the store where they were earned, as of the last refresh")
    public LiabilityReport.View liability(@QueryParam("store_id") String storeId) {
        return liability.liability(scope(storeId));
    }

    @GET
    @Path("/retention")
    @Operation(summary = "CRR, churn, repeat purchase rate and CLTV over the period, with a trend")
    public RetentionReport.View retention(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("store_id") String storeId, @QueryParam("granularity") String granularity) {
        ReportPeriod period = ReportPeriod.parse(from, to, granularity);
        return retention.retention(scope(storeId), period);
    }

    @GET
    @Path("/segments")
    @Operation(summary = "RFM scores, the four segments and the top customers (phones masked for franchisees)")
    public SegmentsReport.View segments(@QueryParam("store_id") String storeId) {
        return segments.segments(scope(storeId));
    }

    @GET
    @Path("/economics")
    @Operation(summary = "Bonus versus discount: what the points cost against the same rates as instant discounts")
    public EconomicsReport.View economics(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("store_id") String storeId) {
        ReportPeriod period = ReportPeriod.parse(from, to, null);
        return economics.economics(scope(storeId), period);
    }

    @GET
    @Path("/settlement")
    @Operation(summary = "Points earned at one franchisee's stores and spent at another's")
    public SettlementReport.View settlement(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("store_id") String storeId) {
        ReportPeriod period = ReportPeriod.parse(from, to, null);
        return settlement.settlement(scope(storeId), period);
    }

    @GET
    @Path("/{report}.{format}")
    @Produces({ ReportExports.CSV, ReportExports.XLSX, ProblemMappers.PROBLEM_JSON })
    @Operation(summary = "Any report as CSV or XLSX: the report's path with .csv or .xlsx appended")
    @APIResponse(responseCode = "200", description = "The file, named after the report, period and store")
    public Response export(@PathParam("report") String report, @PathParam("format") String format,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("store_id") String storeId,
            @QueryParam("granularity") String granularity,
            @Parameter(description = "people (default): the language's headers, whole units, percent, store codes; raw: the JSON's keys and units")
            @QueryParam("form") String form,
            @Parameter(description = "en, ru, uk or bg; default: Accept-Language, else en") @QueryParam("lang") String lang,
            @HeaderParam("Accept-Language") String acceptLanguage) {
        if (!"csv".equals(format) && !"xlsx".equals(format)) {
            throw Problems.notFound("Export format ." + format);
        }
        Function<ReportScope, Export> run = switch (report) {
            case "sales" -> s -> periodic(from, to, granularity, p -> ReportTables.sales(sales.sales(s, p)));
            case "retention" -> s -> periodic(from, to, granularity,
                    p -> ReportTables.retention(retention.retention(s, p)));
            case "economics" -> s -> periodic(from, to, null, p -> ReportTables.economics(economics.economics(s, p)));
            case "settlement" -> s -> periodic(from, to, null,
                    p -> ReportTables.settlement(settlement.settlement(s, p)));
            case "liability" -> s -> today(ReportTables.liability(liability.liability(s)));
            case "segments" -> s -> today(ReportTables.segments(segments.segments(s)));
            default -> throw Problems.notFound("Report " + report);
        };
        if (!"liability".equals(report) && !"segments".equals(report)) {
            ReportPeriod.parse(from, to, granularity); // a bad period is a 400 before the store is looked up
        }
        ExportForm how = forms.choose(caller.identity(), form, lang, acceptLanguage);
        ReportScope scope = scope(storeId);
        Export e = run.apply(scope);
        String name = ReportExports.fileName(e.table(), e.from(), e.to(), scope, format);
        StreamingOutput body = "csv".equals(format) ? out -> ReportExports.csv(e.table(), how, out)
                : out -> ReportExports.xlsx(e.table(), how, out);
        return Response.ok(body, "csv".equals(format) ? ReportExports.CSV : ReportExports.XLSX)
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private record Export(ReportTable table, LocalDate from, LocalDate to) {
    }

    private static Export periodic(String from, String to, String granularity, Function<ReportPeriod, ReportTable> f) {
        ReportPeriod p = ReportPeriod.parse(from, to, granularity);
        return new Export(f.apply(p), p.from(), p.to());
    }

    private static Export today(ReportTable t) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return new Export(t, today, today);
    }

    private ReportScope scope(String storeId) {
        return scopes.resolve(caller.identity(), storeId);
    }
}
