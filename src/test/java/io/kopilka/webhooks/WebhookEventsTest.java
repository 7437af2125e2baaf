package io.kopilka.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.kopilka.webhooks.WebhookReceiver.BASE;
import static io.kopilka.webhooks.WebhookReceiver.as;
import static io.kopilka.webhooks.WebhookReceiver.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.kopilka.campaigns.OutboxDeliveryReports;
import io.kopilka.campaigns.gateway.DeliveryReport;
import io.kopilka.campaigns.gateway.DeliveryStatus;
import io.kopilka.checkout.TierProgress;
import io.kopilka.ledger.ExpiringPoints;
import io.kopilka.platform.Transactions;
import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Every event type, each caused by the change that emits it, arrives at a subscribed receiver, signed. */
@QuarkusTest
class WebhookEventsTest {

    static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final String PATH = "/every-event";

    @Inject
    Fixtures fixtures;

    @Inject
    Transactions transactions;

    @Inject
    TierProgress tiers;

    @Inject
    ExpiringPoints expiring;

    @Inject
    OutboxDeliveryReports deliveryReports;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void startReceiver() {
        RECEIVER.start();
        RECEIVER.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @Test
    void everyEventTypeArrivesFromTheChangeThatCausedIt() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String secret = as(chain).body(Map.of("url", RECEIVER.baseUrl() + PATH, "events", WebhookEventType.wireNames()))
                .post(BASE).then().statusCode(201).extract().path("secret");

        String phone = newPhone();
        long customer = PosApi.enrol(till, phone);                                       // customer.enrolled
        as(chain).body("{\"name\": \"Anna\"}").patch("/api/admin/v1/customers/" + customer)
                .then().statusCode(200);                                                  // customer.updated
        String adjustedExpiry = as(chain).body(Map.of("points", 500, "reason", "goodwill"))
                .post("/api/admin/v1/customers/" + customer + "/adjustments")
                .then().statusCode(201).extract().path("expires_at");                     // points.adjusted
        long confirmed = record(till, receipt(newReceiptNo(), phone, null, 10000)).statusCode(201)
                .extract().jsonPath().getLong("receipt_id");                              // receipt.confirmed
        PosApi.as(till).body("{\"return_no\": \"R-" + confirmed + "\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + confirmed + "/returns").then().statusCode(201); // receipt.returned
        long held = record(till, receipt(newReceiptNo(), phone, 10, 5000).replaceFirst("\\{", "{\"hold\": true, "))
                .statusCode(201).extract().jsonPath().getLong("receipt_id");
        PosApi.post(till, "/" + held + "/cancel").statusCode(200);                        // receipt.cancelled
        transactions.inTransaction(c -> {
            tiers.set(c, chain.id(), customer, null, "gold", Instant.now());             // customer.tier_changed
            return null;
        });
        LocalDate expiresOn = Instant.parse(adjustedExpiry).atZone(ZoneOffset.UTC).toLocalDate();
        assertEquals(1, expiring.announce(chain.id(), expiresOn.minusDays(7)));          // points.expiring
        long campaign = fixtures.queryLong("""
                INSERT INTO campaigns (chain_id, kind, name, status, audience, templates)
                VALUES (?, 'promo', 'Spring', 'sending', '{}', '{}') RETURNING id""", chain.id());
        fixtures.execute("""
                INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, not_before,
                                        gateway_message_id)
                VALUES (?, ?, ?, ?, 'ru', 'Spring sale', 1, 'sent', now(), ?)""", chain.id(), campaign, customer, phone,
                "gw-" + customer);
        deliveryReports.delivered(new DeliveryReport("gw-" + customer, DeliveryStatus.DELIVERED, Instant.now(), null,
                null));                                                                    // campaign.message_delivered

        await(Duration.ofSeconds(30), "every event type", () -> types().keySet().containsAll(WebhookEventType.wireNames()));
        Map<String, JsonNode> got = types();
        for (JsonNode event : got.values()) {
            assertEquals(chain.id(), event.get("data").get("chain_id").asLong(), event.toString());
        }
        assertEquals(confirmed, got.get("receipt.confirmed").get("data").get("receipt_id").asLong());
        assertEquals(10000, got.get("receipt.confirmed").get("data").get("total_minor").asLong());
        assertEquals(held, got.get("receipt.cancelled").get("data").get("receipt_id").asLong());
        assertEquals(confirmed, got.get("receipt.returned").get("data").get("receipt_id").asLong());
        assertEquals(500, got.get("points.adjusted").get("data").get("points").asLong());
        assertEquals(500, got.get("points.expiring").get("data").get("points").asLong());
        assertEquals("gold", got.get("customer.tier_changed").get("data").get("to_tier").asText());
        assertEquals("[\"name\"]", got.get("customer.updated").get("data").get("changed").toString());
        assertEquals(customer, got.get("campaign.message_delivered").get("data").get("customer_id").asLong());
        for (LoggedRequest r : RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
            assertTrue(WebhookReceiver.verify(secret, r.getHeader("webhook-id"), r.getHeader("webhook-timestamp"),
                    r.getBodyAsString(), r.getHeader("webhook-signature")));
        }
        // one customer's events in the order they happened
        List<String> order = new ArrayList<>();
        for (LoggedRequest r : RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
            order.add(json.readTree(r.getBodyAsString()).get("type").asText());
        }
        assertTrue(order.indexOf("customer.enrolled") < order.indexOf("receipt.confirmed"), order.toString());
        assertTrue(order.indexOf("receipt.confirmed") < order.indexOf("receipt.returned"), order.toString());
    }

    private Map<String, JsonNode> types() {
        Map<String, JsonNode> out = new HashMap<>();
        for (LoggedRequest r : RECEIVER.findAll(postRequestedFor(urlPathEqualTo(PATH)))) {
            try {
                JsonNode body = json.readTree(r.getBodyAsString());
                out.put(body.get("type").asText(), body);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }
}
