package io.kopilka.campaigns.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.DeliveryStatus;
import io.kopilka.campaigns.gateway.SmsConfig;
import io.kopilka.campaigns.gateway.StopReplies;
import io.kopilka.campaigns.gateway.StopReply;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.PlainText;
import io.kopilka.platform.Problems;

/**
 * Where the HTTP gateway reports back: a delivery status of a message we sent, or a customer's reply (STOP is an
 * opt-out). Runs in the API process, so unlike SMPP receipts nothing is lost between job runs. The caller proves
 * itself with the shared secret in {@value #SECRET_HEADER}; the body is read only after that.
 */
@Path("/api/sms/v1/callbacks/http")
@Tag(name = "SMS gateway callbacks", description = "Delivery statuses and replies from the HTTP SMS gateway")
public class HttpCallbackResource {

    public static final String SECRET_HEADER = "X-Kopilka-Callback-Secret";

    @Inject
    SmsConfig config;

    @Inject
    DeliveryReports reports;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kopilka.bootstrap.phone-region", defaultValue = "RU")
    String phoneRegion;

    /** What the callback did: {@code status_recorded}, {@code opted_out} or {@code ignored} (a reply that is not STOP). */
    public record Outcome(String result) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A delivery status {type: status, message_id, status, at} or a reply {type: reply, from, text, message_id?, at}")
    public Outcome callback(@HeaderParam(SECRET_HEADER) String secret, String body) {
        authenticate(secret);
        JsonNode event;
        try {
            event = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw Problems.malformedJson(e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            throw Problems.malformedJson("the body must be a JSON object");
        }
        FieldErrors unstorable = new FieldErrors();
        PlainText.checkTree(event, "", unstorable);
        unstorable.throwIfAny();
        Instant at = at(event);
        return switch (event.path("type").asText()) {
            case "status" -> status(event, at);
            case "reply" -> reply(event, at);
            default -> throw Problems.invalid("type", "must be status or reply");
        };
    }

    private void authenticate(String secret) {
        String expected = config.callbackSecret().orElse("");
        if (expected.isEmpty() || secret == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            throw Problems.unauthorized("the " + SECRET_HEADER + " header is missing or wrong");
        }
    }

    private Outcome status(JsonNode event, Instant at) {
        String id = event.path("message_id").asText("");
        if (id.isBlank() || id.length() > 64) {
            throw Problems.invalid("message_id", "the gateway's message id is required");
        }
        DeliveryStatus status = STATUSES.get(event.path("status").asText("").toLowerCase(Locale.ROOT));
        if (status == null) {
            throw Problems.invalid("status", "must be one of delivered, failed, expired, rejected, unknown");
        }
        reports.delivered(id, status, at);
        return new Outcome("status_recorded");
    }

    private Outcome reply(JsonNode event, Instant at) {
        String phone = Phones.normalize(event.path("from").asText(""), phoneRegion);
        if (phone == null) {
            throw Problems.invalid("from", "must be the customer's phone number");
        }
        String answers = answers(event);
        if (!StopReplies.isStop(event.path("text").asText(""))) {
            return new Outcome("ignored");
        }
        reports.optOut(new StopReply(phone, "http", at, answers));
        return new Outcome("opted_out");
    }

    /** The gateway's id of the message the reply answers, where the provider sends it; it picks the chain. */
    private static String answers(JsonNode event) {
        JsonNode id = event.get("message_id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 64) {
            throw Problems.invalid("message_id", "the gateway's id of the message answered, at most 64 characters");
        }
        return id.asText();
    }

    private static Instant at(JsonNode event) {
        JsonNode at = event.get("at");
        if (at == null || at.isNull()) {
            return Instant.now();
        }
        try {
            return Instant.parse(at.asText());
        } catch (DateTimeParseException e) {
            throw Problems.invalid("at", "must be an ISO-8601 instant such as 2026-05-01T10:15:30Z");
        }
    }

    private static final Map<String, DeliveryStatus> STATUSES = Map.of(
            "delivered", DeliveryStatus.DELIVERED, "failed", DeliveryStatus.FAILED, "expired", DeliveryStatus.EXPIRED,
            "rejected", DeliveryStatus.REJECTED, "unknown", DeliveryStatus.UNKNOWN);
}
