package io.kopilka.admin.customers;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.kopilka.platform.Caller;
import io.kopilka.platform.Limits;
import io.kopilka.platform.StaffOnly;
import io.kopilka.platform.StrictJson;
import io.kopilka.ledger.LedgerEntryView;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;

@Path("/api/admin/v1/customers")
@StaffOnly
@CustomDeserialization(StrictJson.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Customers", description = "Look customers up, read their ledger, correct balances and facts, merge duplicates, erase on request (head office)")
@SecurityRequirement(name = "staff-basic")
@APIResponse(responseCode = "403", description = "Head office only")
public class CustomerAdminResource {

    @Inject
    Caller caller;

    @Inject
    CustomerAdminService customers;

    @Inject
    CustomerEdits edits;

    @Inject
    CustomerMerges merges;

    @Inject
    CustomerErasure erasure;

    @GET
    @Operation(summary = "Find a customer by phone (any local form) or card; a merged duplicate's phone or card finds the survivor")
    @APIResponse(responseCode = "200", description = "The customer with the balance now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerView.class)))
    @APIResponse(responseCode = "400", description = "Neither a valid phone nor a card")
    @APIResponse(responseCode = "404", description = "No such customer in the chain")
    public CustomerView find(@Parameter(description = "e.g. +79001234567 or 8 900 123-45-67") @QueryParam("phone") String phone,
            @Parameter(description = "Loyalty card number (when no phone is given)") @QueryParam("card") String card) {
        if (phone == null && card != null) {
            return customers.byCard(caller.identity(), card);
        }
        return customers.byPhone(caller.identity(), phone);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One customer with the balance now")
    @APIResponse(responseCode = "200", description = "The customer")
    @APIResponse(responseCode = "404", description = "No such customer in the chain")
    public CustomerView get(@PathParam("id") long id) {
        return customers.get(caller.identity(), id);
    }

    @GET
    @Path("/{id}/ledger")
    @Operation(summary = "The customer's ledger entries, newest first, with kinds, stores, receipts and reasons")
    @APIResponse(responseCode = "200", description = "Entries")
    @APIResponse(responseCode = "400", description = "Invalid limit")
    @APIResponse(responseCode = "404", description = "No such customer in the chain")
    public List<LedgerEntryView> ledger(@PathParam("id") long id,
            @Parameter(description = "At most this many entries (1-1000, default 100)") @QueryParam("limit") String limit) {
        return customers.ledger(caller.identity(), id, Limits.limit(limit, 100, 1000));
    }

    @POST
    @Path("/{id}/adjustments")
    @Operation(summary = "Add or take points by hand, with a reason")
    @APIResponse(responseCode = "201", description = "The entry written and the new balance",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdjustmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "404", description = "No such customer in the chain")
    @APIResponse(responseCode = "409", description = "insufficient-points: a negative adjustment beyond the available balance")
    public Response adjust(@PathParam("id") long id, AdjustmentRequest request) {
        AdjustmentView created = customers.adjust(caller.identity(), id, Limits.body(request));
        return Response.status(Response.Status.CREATED).entity(created).build();
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Correct the customer's facts (JSON merge patch: a field left out stays, null clears name, "
            + "birth_date, home_store or card)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CustomerChanges.class)))
    @APIResponse(responseCode = "200", description = "The customer after the change",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerView.class)))
    @APIResponse(responseCode = "400", description = "An unknown field, a wrong type or an invalid value (named in errors)")
    @APIResponse(responseCode = "404", description = "No such customer in the chain")
    @APIResponse(responseCode = "409", description = "phone-taken / card-taken: another customer of the chain has it; "
            + "customer-merged / customer-erased: the customer can no longer be changed")
    public CustomerView edit(@PathParam("id") long id, JsonNode body) {
        return edits.edit(caller.identity(), id, body);
    }

    @POST
    @Path("/{id}/merge")
    @Operation(summary = "Merge a duplicate into this customer: points by ledger entries, receipts and referral links move; "
            + "the duplicate's phone and card then find this customer")
    @APIResponse(responseCode = "200", description = "The surviving customer after the merge",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerView.class)))
    @APIResponse(responseCode = "400", description = "from_customer_id missing or the same customer")
    @APIResponse(responseCode = "404", description = "Either customer is not one of the chain")
    @APIResponse(responseCode = "409", description = "customer-merged / customer-erased: either side is no longer a customer; "
            + "customer-has-holds: a receipt of the duplicate is on hold")
    public CustomerView merge(@PathParam("id") long id, MergeRequest request) {
        return merges.merge(caller.identity(), id, Limits.body(request));
    }

    @POST
    @Path("/{id}/erase")
    @Operation(summary = "Erase the customer's personal data on request (152-FZ, GDPR art. 17); receipts and ledger stay "
            + "under a pseudonym, the balance is cancelled. Erasing again changes nothing")
    @APIResponse(responseCode = "200", description = "The erased customer",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CustomerView.class)))
    @APIResponse(responseCode = "404", description = "No such customer in the chain")
    @APIResponse(responseCode = "409", description = "customer-merged: erase the survivor; customer-has-holds: a receipt is on hold")
    public CustomerView erase(@PathParam("id") long id) {
        return erasure.erase(caller.identity(), id);
    }
}
