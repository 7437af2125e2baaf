package io.kopilka.reports;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.ledger.LedgerEntryView;
import io.kopilka.platform.Caller;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StaffOnly;

/**
 * Customers for report readers (docs/reports.md, "Customers"): head office sees every customer of its chain, a
 * franchisee those of its stores, masked, with only its stores' receipts and ledger lines.
 */
@Path("/api/reports/v1/customers")
@StaffOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports: customers", description = "A customer, their receipts and ledger lines in the reader's stores")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "404", description = "not-found: no such customer among those the reader may see",
        content = @Content(mediaType = "application/problem+json"))
public class CustomerReportResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int SEARCH_LIMIT = 20;
    static final int MAX_SEARCH_LIMIT = 100;

    @Inject
    Caller caller;

    @Inject
    CustomerReports customers;

    @Inject
    CustomerSearch search;

    @Inject
    CustomerInsights insights;

    @GET
    @Operation(summary = "Find a customer by phone (any local form) or card; phone and card masked for franchisees")
    @APIResponse(responseCode = "200", description = "The customer with the balance now")
    @APIResponse(responseCode = "400", description = "validation-failed: neither or both of phone and card, or a malformed one",
            content = @Content(mediaType = "application/problem+json"))
    public CustomerProfile find(@QueryParam("phone") String phone, @QueryParam("card") String card) {
        ReportScope scope = scope();
        return customers.find(scope, customers.key(scope, phone, card), Instant.now());
    }

    @GET
    @Path("/search")
    @Operation(summary = "Customers whose name contains q, whose card is q or whose phone is q (head office: also a part "
            + "of the number, 4 digits or more); merged and erased customers are not listed; masked for franchisees")
    @APIResponse(responseCode = "200", description = "A page of matches ordered by name; more says a next page exists")
    @APIResponse(responseCode = "400", description = "validation-failed: q (2-64 characters), offset (0-10000) or limit (1-100)",
            content = @Content(mediaType = "application/problem+json"))
    public CustomerSearch.Matches search(@QueryParam("q") String q, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return search.search(scope(), q, offset, Limits.limit(limit, SEARCH_LIMIT, MAX_SEARCH_LIMIT));
    }

    @GET
    @Path("/{id}/summary")
    @Operation(summary = "Spend and receipts of the last 12 months in the reader's stores, the way to the next tier, "
            + "the RFM segment and the birthday (without the year for franchisees)")
    @APIResponse(responseCode = "200", description = "The customer's summary")
    public CustomerInsights.Summary summary(@PathParam("id") long id) {
        return insights.summary(scope(), id, Instant.now());
    }

    @GET
    @Path("/{id}/consents")
    @Operation(summary = "The customer's SMS consent history, newest first, with the store and terminal where it changed")
    @APIResponse(responseCode = "200", description = "Up to limit (1-1000, default 100) changes")
    @APIResponse(responseCode = "400", description = "validation-failed: limit", content = @Content(mediaType = "application/problem+json"))
    public List<CustomerInsights.ConsentEvent> consents(@PathParam("id") long id, @QueryParam("limit") String limit) {
        return insights.consents(scope(), id, Limits.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }

    @GET
    @Path("/{id}/receipts/{receiptId}/lines")
    @Operation(summary = "The lines of one of the customer's receipts made in the reader's stores")
    @APIResponse(responseCode = "200", description = "The lines in till order")
    public List<CustomerInsights.ReceiptLine> lines(@PathParam("id") long id, @PathParam("receiptId") long receiptId) {
        return insights.lines(scope(), id, receiptId);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A customer by id; phone and card masked for franchisees")
    @APIResponse(responseCode = "200", description = "The customer with the balance now")
    public CustomerProfile get(@PathParam("id") long id) {
        return customers.find(scope(), new CustomerReports.Key(null, null, id), Instant.now());
    }

    @GET
    @Path("/{id}/receipts")
    @Operation(summary = "The customer's receipts in the reader's stores, newest first")
    @APIResponse(responseCode = "200", description = "Up to limit (1-1000, default 100) receipts")
    @APIResponse(responseCode = "400", description = "validation-failed: limit", content = @Content(mediaType = "application/problem+json"))
    public List<CustomerReceipt> receipts(@PathParam("id") long id, @QueryParam("limit") String limit) {
        return customers.receipts(scope(), id, Limits.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }

    @GET
    @Path("/{id}/ledger")
    @Operation(summary = "The customer's ledger lines made in the reader's stores (every line for head office), newest first")
    @APIResponse(responseCode = "200", description = "Up to limit (1-1000, default 100) lines, as the admin ledger endpoint gives them")
    @APIResponse(responseCode = "400", description = "validation-failed: limit", content = @Content(mediaType = "application/problem+json"))
    public List<LedgerEntryView> ledger(@PathParam("id") long id, @QueryParam("limit") String limit) {
        return customers.ledger(scope(), id, Limits.limit(limit, DEFAULT_LIMIT, MAX_LIMIT));
    }

    private ReportScope scope() {
        return ReportScope.of(caller.identity(), null, null);
    }
}
