package io.kopilka.pos;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kopilka.customers.CardReplacement;
import io.kopilka.customers.ConsentChanges;
import io.kopilka.customers.Customer;
import io.kopilka.customers.CustomerLookup;
import io.kopilka.customers.CustomerRef;
import io.kopilka.customers.Enrolment;
import io.kopilka.customers.LookupResult;
import io.kopilka.customers.PhoneChanges;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Problems;
import io.kopilka.platform.RateLimits;
import io.kopilka.platform.TerminalAuth;
import io.kopilka.platform.TerminalIdentity;

@Path("/api/pos/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "POS: customers", description = "Identify and enrol customers at the till")
@SecurityScheme(securitySchemeName = "terminalKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The terminal key issued by head office for one store")
@SecurityRequirement(name = "terminalKey")
public class PosCustomerResource {

    @Inject
    TerminalAuth terminals;

    @Inject
    RateLimits limits;

    @Inject
    PosRequests requests;

    @Inject
    Enrolment enrolment;

    @Inject
    CustomerLookup lookups;

    @Inject
    CardReplacement cards;

    @Inject
    ConsentChanges consents;

    @Inject
    PhoneChanges phoneChanges;

    @GET
    @Path("/lookup")
    @Operation(summary = "Find a customer by phone (any local form) or card")
    @APIResponse(responseCode = "200", description = "The customer, balance and messages for the cashier")
    @APIResponse(responseCode = "404", description = "not-found: no such customer in this chain",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed: neither or both of phone and card, or a malformed phone",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "429", description = "too-many-requests: this terminal's lookups per minute (or its requests "
            + "per second) are used up; wait Retry-After seconds", content = @Content(mediaType = "application/problem+json"))
    public LookupResult lookup(@HeaderParam("Authorization") String auth, @QueryParam("phone") String phone,
            @QueryParam("card") String card) {
        TerminalIdentity till = terminals.authenticate(auth);
        limits.customerLookup(till);
        FieldErrors errors = new FieldErrors();
        CustomerRef ref = null;
        if ((phone == null) == (card == null)) {
            errors.add("phone", "give exactly one of phone or card");
        } else if (phone != null) {
            String e164 = Phones.normalize(phone, till.phoneRegion());
            if (e164 == null) {
                errors.add("phone", "is not a valid phone number");
            }
            ref = new CustomerRef(e164, null, null);
        } else if (card.isBlank() || card.length() > 128) {
            errors.add("card", "must be 1 to 128 characters");
        } else {
            ref = new CustomerRef(null, card, null);
        }
        errors.throwIfAny();
        return lookups.find(till, ref, Instant.now());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Enrol a customer at the till; SMS consent is recorded with time, store and terminal")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/EnrolmentRequest")))
    @APIResponse(responseCode = "201", description = "The new customer")
    @APIResponse(responseCode = "409", description = "customer-exists (with customer_id) or card-taken",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed", content = @Content(mediaType = "application/problem+json"))
    public Response enrol(@HeaderParam("Authorization") String auth, byte[] body) {
        TerminalIdentity till = terminals.authenticate(auth);
        Instant now = Instant.now();
        Enrolment.Application application = requests.enrolment(till, requests.parse(body, PosRequests.MAX_BODY_BYTES), now);
        Customer customer = enrolment.enrol(till, application, now);
        return Response.status(201).entity(lookups.enrolled(till, customer, now)).build();
    }

    @jakarta.ws.rs.PUT
    @Path("/{id}/preferred-mode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Keep the customer's choice in a programme with earn_mode choice: {\"preferred_mode\": \"bonus\" | \"discount\"}")
    @APIResponse(responseCode = "200", description = "The customer as the cashier sees them")
    @APIResponse(responseCode = "404", description = "not-found", content = @Content(mediaType = "application/problem+json"))
    public LookupResult preferredMode(@HeaderParam("Authorization") String auth, @jakarta.ws.rs.PathParam("id") long id,
            byte[] body) {
        TerminalIdentity till = terminals.authenticate(auth);
        com.fasterxml.jackson.databind.JsonNode root = requests.parse(body, PosRequests.MAX_BODY_BYTES);
        com.fasterxml.jackson.databind.JsonNode mode = root.get("preferred_mode");
        if (mode == null || !mode.isTextual() || !(mode.textValue().equals("bonus") || mode.textValue().equals("discount"))) {
            throw Problems.invalid("preferred_mode", "must be bonus or discount");
        }
        return lookups.choosePreferredMode(till, id, mode.textValue(), Instant.now());
    }

    @POST
    @Path("/{id}/card")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a lost card: the new card names the customer at once, the old one nobody")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/CardReplacementRequest")))
    @APIResponse(responseCode = "200", description = "The customer as the cashier sees them")
    @APIResponse(responseCode = "404", description = "not-found: no such customer in this chain",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "card-taken: the card is another customer's (with its customer_id)",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed: card", content = @Content(mediaType = "application/problem+json"))
    public LookupResult replaceCard(@HeaderParam("Authorization") String auth, @PathParam("id") long id, byte[] body) {
        TerminalIdentity till = terminals.authenticate(auth);
        String card = requests.card(requests.parse(body, PosRequests.MAX_BODY_BYTES));
        return cards.replace(till, id, card, Instant.now());
    }

    @POST
    @Path("/{id}/consent")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record SMS consent given or withdrawn, with time, store and terminal (also after a STOP reply)")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/ConsentRequest")))
    @APIResponse(responseCode = "200", description = "The customer as the cashier sees them, with sms_consent")
    @APIResponse(responseCode = "404", description = "not-found: no such customer in this chain",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed: sms_consent", content = @Content(mediaType = "application/problem+json"))
    public LookupResult consent(@HeaderParam("Authorization") String auth, @PathParam("id") long id, byte[] body) {
        TerminalIdentity till = terminals.authenticate(auth);
        boolean consent = requests.smsConsent(requests.parse(body, PosRequests.MAX_BODY_BYTES));
        return consents.record(till, id, consent, Instant.now());
    }

    @POST
    @Path("/{id}/phone-change")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a phone change: a 6-digit code goes by SMS to the new phone, valid 10 minutes")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/PhoneChangeRequest")))
    @APIResponse(responseCode = "202", description = "The code was sent; confirm it before expires_at")
    @APIResponse(responseCode = "404", description = "not-found: no such customer in this chain",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "phone-taken: another customer has this phone",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "sms-rejected: the gateway refused the number",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "429", description = "too-many-requests: this terminal's phone change codes per hour are used up",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "503", description = "unavailable: the SMS gateway did not take the code",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed: phone", content = @Content(mediaType = "application/problem+json"))
    public Response requestPhoneChange(@HeaderParam("Authorization") String auth, @PathParam("id") long id, byte[] body) {
        TerminalIdentity till = terminals.authenticate(auth);
        String phone = requests.newPhone(till, requests.parse(body, PosRequests.MAX_BODY_BYTES));
        limits.phoneChange(till);
        return Response.status(202).entity(phoneChanges.request(till, id, phone, Instant.now())).build();
    }

    @POST
    @Path("/{id}/phone-change/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm a phone change with the code the customer received on the new phone")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/PhoneChangeConfirmation")))
    @APIResponse(responseCode = "200", description = "The customer with the new phone")
    @APIResponse(responseCode = "404", description = "not-found (customer) or phone-change-not-found (nothing pending)",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "phone-taken: another customer took the phone meanwhile",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "410", description = "phone-change-expired: 5 wrong codes or 10 minutes; request a new code",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "wrong-code, with tries_left", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed: code", content = @Content(mediaType = "application/problem+json"))
    public LookupResult confirmPhoneChange(@HeaderParam("Authorization") String auth, @PathParam("id") long id,
            byte[] body) {
        TerminalIdentity till = terminals.authenticate(auth);
        String code = requests.code(requests.parse(body, PosRequests.MAX_BODY_BYTES));
        return phoneChanges.confirm(till, id, code, Instant.now());
    }
}
