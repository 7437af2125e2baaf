package io.kopilka.pos;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
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

import io.kopilka.checkout.Checkout;
import io.kopilka.checkout.HeldReceipts;
import io.kopilka.checkout.ReceiptCommand;
import io.kopilka.checkout.ReceiptLookup;
import io.kopilka.checkout.ReceiptResult;
import io.kopilka.checkout.Recorded;
import io.kopilka.checkout.ReturnCommand;
import io.kopilka.checkout.Returns;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.ProblemMappers;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalAuth;
import io.kopilka.platform.TerminalIdentity;

@Path("/api/pos/v1/receipts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "POS: receipts", description = "Earn and redeem points once per receipt")
@SecurityRequirement(name = "terminalKey")
public class PosReceiptResource {

    static final int MAX_BATCH = 500;
    static final int MAX_BATCH_BODY_BYTES = 6 * 1024 * 1024;

    @Inject
    TerminalAuth terminals;

    @Inject
    PosRequests requests;

    @Inject
    Checkout checkout;

    @Inject
    HeldReceipts held;

    @Inject
    Returns returns;

    @Inject
    ReceiptLookup lookup;

    @Inject
    ReceiptMetrics metrics;

    @POST
    @Path("/calculate")
    @Operation(summary = "Dry run: what this receipt would earn, redeem and cost; writes nothing")
    @APIResponse(responseCode = "200", description = "The result, as POST /receipts would record it")
    @APIResponse(responseCode = "409", description = "insufficient-points", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "redeem-limit-exceeded, customer-not-found, customer-required, mode-not-available",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed or malformed-json", content = @Content(mediaType = "application/problem+json"))
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/ReceiptRequest")))
    public ReceiptResult calculate(@HeaderParam("Authorization") String auth, byte[] body) throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        Instant now = Instant.now();
        ReceiptCommand cmd = requests.receipt(till, requests.parse(body, PosRequests.MAX_BODY_BYTES), false, now, "");
        return checkout.calculate(till, cmd, now);
    }

    @POST
    @Operation(summary = "Record a receipt (recomputed by the server); idempotent on store + receipt_no")
    @APIResponse(responseCode = "201", description = "Recorded; status confirmed, or held with \"hold\": true")
    @APIResponse(responseCode = "200", description = "A replay of an identical earlier request (header Idempotent-Replayed: true)")
    @APIResponse(responseCode = "409", description = "receipt-conflict (same receipt_no, different body) or insufficient-points",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "redeem-limit-exceeded, customer-not-found, customer-required, mode-not-available",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed or malformed-json", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "413", description = "body-too-large (over 256 KiB)", content = @Content(mediaType = "application/problem+json"))
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/ReceiptRequest")))
    public Response record(@HeaderParam("Authorization") String auth, byte[] body) throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        Instant now = Instant.now();
        ReceiptCommand cmd = requests.receipt(till, requests.parse(body, PosRequests.MAX_BODY_BYTES), false, now, "");
        long start = System.nanoTime();
        Recorded recorded = checkout.record(till, cmd, now);
        metrics.recorded(start);
        return recordedResponse(recorded);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Up to 500 receipts taken offline: earn only, in occurred_at order, one result per item")
    @APIResponse(responseCode = "200", description = "results[i] has the item's index, HTTP status and result or problem")
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/BatchRequest")))
    public Map<String, Object> batch(@HeaderParam("Authorization") String auth, byte[] body) throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        Instant now = Instant.now();
        JsonNode root = requests.parse(body, MAX_BATCH_BODY_BYTES);
        JsonNode items = root.get("receipts");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_BATCH) {
            throw Problems.invalid("receipts", "must be an array of 1 to " + MAX_BATCH + " receipts");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<Object[]> valid = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                JsonNode item = items.get(i);
                if (!item.isObject()) {
                    throw Problems.invalid("receipts[" + i + "]", "must be an object");
                }
                valid.add(new Object[] {i, requests.receipt(till, item, true, now, "receipts[" + i + "].")});
            } catch (ProblemException e) {
                results.add(item(i, textOf(items.get(i)), e.status(), "problem", ProblemMappers.body(e)));
            }
        }
        valid.sort(Comparator.comparing(v -> ((ReceiptCommand) v[1]).occurredAt().toInstant()));
        for (Object[] v : valid) {
            int index = (Integer) v[0];
            ReceiptCommand cmd = (ReceiptCommand) v[1];
            try {
                Recorded r = checkout.record(till, cmd, now);
                results.add(item(index, cmd.receiptNo(), r.replayed() ? 200 : 201, "result", r.result()));
            } catch (ProblemException e) {
                results.add(item(index, cmd.receiptNo(), e.status(), "problem", ProblemMappers.body(e)));
            }
        }
        results.sort(Comparator.comparing(m -> (Integer) m.get("index")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        return out;
    }

    @GET
    @Path("/lookup")
    @Operation(summary = "Find a receipt of any store of the chain by what is printed on it, e.g. to take a return")
    @APIResponse(responseCode = "200", description = "The stored result with its receipt_id and current status")
    @APIResponse(responseCode = "404", description = "not-found: no such store in the chain, or no such receipt there",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "400", description = "validation-failed naming store or receipt_no",
            content = @Content(mediaType = "application/problem+json"))
    public ReceiptResult lookup(@HeaderParam("Authorization") String auth,
            @Parameter(description = "The code of the store that printed the receipt") @QueryParam("store") String store,
            @Parameter(description = "The receipt number printed on it") @QueryParam("receipt_no") String receiptNo) {
        TerminalIdentity till = terminals.authenticate(auth);
        PosRequests.PrintedReceipt printed = requests.printedReceipt(store, receiptNo);
        return lookup.byPrintedNumber(till, printed.storeCode(), printed.receiptNo());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The stored result of a receipt of this store, with its current status")
    @APIResponse(responseCode = "404", description = "not-found (also for another store's receipt)",
            content = @Content(mediaType = "application/problem+json"))
    public ReceiptResult get(@HeaderParam("Authorization") String auth, @PathParam("id") String id) throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        return held.get(till, receiptId(id));
    }

    @POST
    @Path("/{id}/confirm")
    @Operation(summary = "The payment of a held receipt went through: its points are redeemed and earned")
    @APIResponse(responseCode = "409", description = "hold-expired or receipt-cancelled", content = @Content(mediaType = "application/problem+json"))
    public ReceiptResult confirm(@HeaderParam("Authorization") String auth, @PathParam("id") String id) throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        return held.confirm(till, receiptId(id), Instant.now());
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Release a held receipt, or reverse a confirmed one whole on its day at its store")
    @APIResponse(responseCode = "409", description = "cancel-window-passed or receipt-has-returns", content = @Content(mediaType = "application/problem+json"))
    public ReceiptResult cancel(@HeaderParam("Authorization") String auth, @PathParam("id") String id) throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        return held.cancel(till, receiptId(id), Instant.now());
    }

    @POST
    @Path("/{id}/returns")
    @Operation(summary = "Return part of a receipt of any store of the chain: earned points are reversed and redeemed "
            + "points given back pro rata; recorded at the store taking the return")
    @APIResponse(responseCode = "201", description = "The return")
    @APIResponse(responseCode = "200", description = "A replay of the same return (Idempotent-Replayed: true)")
    @APIResponse(responseCode = "409", description = "return-conflict or receipt-not-confirmed", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "return-exceeds-purchase", content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "404", description = "not-found: no such receipt in the terminal's chain",
            content = @Content(mediaType = "application/problem+json"))
    @RequestBody(content = @Content(schema = @Schema(ref = "#/components/schemas/ReturnRequest")))
    public Response createReturn(@HeaderParam("Authorization") String auth, @PathParam("id") String id, byte[] body)
            throws SQLException {
        TerminalIdentity till = terminals.authenticate(auth);
        long receiptId = receiptId(id);
        ReturnCommand cmd = requests.returnCommand(requests.parse(body, PosRequests.MAX_BODY_BYTES));
        Returns.Outcome outcome = returns.create(till, receiptId, cmd, Instant.now());
        return Response.status(outcome.replayed() ? 200 : 201).entity(outcome.result())
                .header("Idempotent-Replayed", outcome.replayed() ? "true" : null).build();
    }

    private static Response recordedResponse(Recorded recorded) {
        if (recorded.json() != null) {
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(recorded.json()).build();
        }
        return Response.status(recorded.replayed() ? 200 : 201).entity(recorded.result())
                .header("Idempotent-Replayed", recorded.replayed() ? "true" : null).build();
    }

    private static long receiptId(String id) {
        try {
            long v = Long.parseLong(id);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the problem below
        }
        throw Problems.notFound("Receipt " + (id.length() > 32 ? id.substring(0, 32) : id));
    }

    private static String textOf(JsonNode item) {
        JsonNode n = item == null ? null : item.get("receipt_no");
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static Map<String, Object> item(int index, String receiptNo, int status, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("receipt_no", receiptNo);
        m.put("status", status);
        m.put(key, value);
        return m;
    }
}
