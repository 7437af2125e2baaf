package io.kopilka.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.kopilka.webhooks.WebhookReceiver.BASE;
import static io.kopilka.webhooks.WebhookReceiver.as;
import static io.kopilka.webhooks.WebhookReceiver.await;
import static io.kopilka.webhooks.WebhookReceiver.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.kopilka.platform.Transactions;
import io.kopilka.platform.webhooks.ClaimedDelivery;
import io.kopilka.platform.webhooks.DeliveryLeases;
import io.kopilka.platform.webhooks.Subscriptions;
import io.kopilka.platform.webhooks.WebhookEventType;
import io.kopilka.platform.webhooks.WebhookOutbox;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Deliveries to a WireMock receiver: signed, at least once, in order per customer, bounded, re-sendable. */
@QuarkusTest
class WebhookDeliveryTest {

    static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final AtomicInteger PATHS = new AtomicInteger();
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Inject
    Fixtures fixtures;

    @Inject
    Transactions transactions;

    @Inject
    WebhookOutbox outbox;

    @Inject
    DeliveryLeases leases;

    @Inject
    Subscriptions subscriptions;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void startReceiver() {
        RECEIVER.start();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    private record Registered(Fixtures.Chain chain, long id, String secret, String path) {
    }

    private Registered register(String... events) {
        Fixtures.Chain chain = fixtures.chain();
        String path = "/hooks/" + PATHS.incrementAndGet();
        JsonPath created = as(chain).body(endpoint(RECEIVER.baseUrl() + path, events)).post(BASE)
                .then().statusCode(201).extract().jsonPath();
        return new Registered(chain, created.getLong("id"), created.getString("secret"), path);
    }

    private String emit(Registered r, WebhookEventType type, Long customerId, Map<String, ?> data) {
        return transactions.inTransaction(c -> outbox.emit(c, r.chain().id(), type, customerId, () -> data, Instant.now()));
    }

    private static List<LoggedRequest> received(String path) {
        return RECEIVER.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private String statusOf(String eventId) {
        return fixtures.queryString("SELECT status FROM webhook_deliveries WHERE event_id = ?", eventId);
    }

    @Test
    void aDeliveryIsSignedAsStandardWebhooksSaysAndVerifiesWithTheDocumentedRecipe() throws Exception {
        Registered r = register("points.adjusted");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).willReturn(aResponse().withStatus(204)));
        String eventId = emit(r, WebhookEventType.POINTS_ADJUSTED, 7L, Map.of("customer_id", 7, "points", 150));

        await(BOUND, "the delivery", () -> "delivered".equals(statusOf(eventId)));
        LoggedRequest got = received(r.path()).get(0);
        assertEquals(eventId, got.getHeader("webhook-id"));
        long timestamp = Long.parseLong(got.getHeader("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60, "a Unix time in seconds");
        assertTrue(got.getHeader("webhook-signature").startsWith("v1,"));
        assertTrue(WebhookReceiver.verify(r.secret(), eventId, got.getHeader("webhook-timestamp"), got.getBodyAsString(),
                got.getHeader("webhook-signature")));
        assertFalse(WebhookReceiver.verify(r.secret(), eventId, got.getHeader("webhook-timestamp"),
                got.getBodyAsString() + " ", got.getHeader("webhook-signature")), "a changed body does not verify");

        JsonNode body = json.readTree(got.getBodyAsString());
        assertEquals("points.adjusted", body.get("type").asText());
        assertTrue(Instant.parse(body.get("timestamp").asText()).isBefore(Instant.now()));
        assertEquals(r.chain().id(), body.get("data").get("chain_id").asLong());
        assertEquals(150, body.get("data").get("points").asInt());

        as(r.chain()).get(BASE + "/" + r.id() + "/deliveries").then().statusCode(200)
                .body("[0].event_id", org.hamcrest.Matchers.equalTo(eventId))
                .body("[0].status", org.hamcrest.Matchers.equalTo("delivered"))
                .body("[0].last_status", org.hamcrest.Matchers.equalTo(204))
                .body("[0].attempts", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aReceiverThatFailsThenRecoversGetsTheEventWithTheSameIdEachTime() {
        Registered r = register("receipt.confirmed");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("down")).willSetStateTo("once"));
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        String eventId = emit(r, WebhookEventType.RECEIPT_CONFIRMED, 11L, Map.of("receipt_id", 1));

        await(BOUND, "the delivery after two failures", () -> "delivered".equals(statusOf(eventId)));
        List<LoggedRequest> got = received(r.path());
        assertEquals(3, got.size());
        assertEquals(Set.of(eventId), got.stream().map(g -> g.getHeader("webhook-id")).collect(Collectors.toSet()));
        assertEquals(3, fixtures.queryLong("SELECT attempts FROM webhook_deliveries WHERE event_id = ?", eventId));
    }

    @Test
    void oneCustomersEventsArriveInOrderWhileTheFirstIsRetried() throws Exception {
        Registered r = register("customer.updated");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        String first = emit(r, WebhookEventType.CUSTOMER_UPDATED, 5L, Map.of("customer_id", 5, "n", 1));
        String second = emit(r, WebhookEventType.CUSTOMER_UPDATED, 5L, Map.of("customer_id", 5, "n", 2));
        String third = emit(r, WebhookEventType.CUSTOMER_UPDATED, 5L, Map.of("customer_id", 5, "n", 3));

        await(BOUND, "all three", () -> "delivered".equals(statusOf(third)));
        List<String> order = received(r.path()).stream().map(g -> g.getHeader("webhook-id")).toList();
        assertEquals(List.of(first, first, second, third), order);
    }

    @Test
    void aDeliveryLeftByANodeThatDiedArrivesAfterItsLeaseWithTheSameId() {
        Registered r = register("receipt.cancelled");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).willReturn(aResponse().withStatus(200)));
        // the "dead node": emits and claims in one transaction, then never sends (as if killed before the call)
        String eventId = transactions.inTransaction(c -> {
            String id = outbox.emit(c, r.chain().id(), WebhookEventType.RECEIPT_CANCELLED, 3L, () -> Map.of("receipt_id", 9),
                    Instant.now());
            List<ClaimedDelivery> claimed = leases.claim(c, 1000, Duration.ofSeconds(2));
            assertTrue(claimed.stream().anyMatch(d -> d.eventId().equals(id)), "the dead node held it");
            return id;
        });
        long leasedAt = System.nanoTime();
        await(BOUND, "the delivery after the lease", () -> "delivered".equals(statusOf(eventId)));
        assertTrue(System.nanoTime() - leasedAt >= Duration.ofMillis(1500).toNanos(), "not before the lease ended");
        List<LoggedRequest> got = received(r.path());
        assertEquals(1, got.size());
        assertEquals(eventId, got.get(0).getHeader("webhook-id"));
    }

    @Test
    void aReceiverAnswering410IsDisabledVisiblyAndGetsNothingMore() {
        Registered r = register("points.expiring");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).willReturn(aResponse().withStatus(410)));
        String eventId = emit(r, WebhookEventType.POINTS_EXPIRING, 4L, Map.of("customer_id", 4));

        await(BOUND, "the 410", () -> "failed".equals(statusOf(eventId)));
        as(r.chain()).get(BASE + "/" + r.id()).then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(false))
                .body("disabled_reason", org.hamcrest.Matchers.containsString("410"));
        assertNull(emit(r, WebhookEventType.POINTS_EXPIRING, 4L, Map.of("customer_id", 4)), "nobody listens now");
        assertEquals(1, received(r.path()).size());
    }

    @Test
    void aHugeAnswerIsReadOnlyInPartAndASlowOneIsCutOff() {
        Registered huge = register("customer.enrolled");
        RECEIVER.stubFor(post(urlPathEqualTo(huge.path())).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(20 * 1024 * 1024))));
        String hugeEvent = emit(huge, WebhookEventType.CUSTOMER_ENROLLED, 1L, Map.of("customer_id", 1));
        await(BOUND, "the huge answer", () -> "delivered".equals(statusOf(hugeEvent)));
        String stored = fixtures.queryString("SELECT last_response FROM webhook_deliveries WHERE event_id = ?", hugeEvent);
        assertEquals(512, stored.length());

        Registered slow = register("customer.enrolled");
        RECEIVER.stubFor(post(urlPathEqualTo(slow.path())).willReturn(aResponse().withStatus(200).withFixedDelay(10_000)));
        String slowEvent = emit(slow, WebhookEventType.CUSTOMER_ENROLLED, 2L, Map.of("customer_id", 2));
        await(BOUND, "the slow answer's attempt", () -> fixtures.queryLong(
                "SELECT attempts FROM webhook_deliveries WHERE event_id = ?", slowEvent) >= 1);
        assertEquals("pending", statusOf(slowEvent));
        assertTrue(fixtures.queryString("SELECT last_error FROM webhook_deliveries WHERE event_id = ?", slowEvent)
                .startsWith("no answer within"));
        // a body that trickles in is cut off the same way
        Registered trickle = register("customer.enrolled");
        RECEIVER.stubFor(post(urlPathEqualTo(trickle.path())).willReturn(aResponse().withStatus(200)
                .withBody("y".repeat(4096)).withChunkedDribbleDelay(4096, 20_000)));
        String trickleEvent = emit(trickle, WebhookEventType.CUSTOMER_ENROLLED, 3L, Map.of("customer_id", 3));
        await(BOUND, "the trickling answer's attempt", () -> fixtures.queryLong(
                "SELECT attempts FROM webhook_deliveries WHERE event_id = ?", trickleEvent) >= 1);
        assertEquals("pending", statusOf(trickleEvent));
    }

    @Test
    void aDeliveryFailedAfterTheRetryPeriodIsVisibleAndCanBeSentAgain() {
        Registered r = register("campaign.message_delivered");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)));
        String eventId = transactions.inTransaction(c -> {
            String id = outbox.emit(c, r.chain().id(), WebhookEventType.CAMPAIGN_MESSAGE_DELIVERED, 8L,
                    () -> Map.of("message_id", 1), Instant.now());
            // as if it had been retried for a day already
            c.createStatement().executeUpdate("UPDATE webhook_deliveries SET schedule_from = now() - interval '25 hours'"
                    + " WHERE event_id = '" + id + "'");
            return id;
        });
        await(BOUND, "the failure", () -> "failed".equals(statusOf(eventId)));
        long deliveryId = fixtures.queryLong("SELECT id FROM webhook_deliveries WHERE event_id = ?", eventId);
        as(r.chain()).get(BASE + "/" + r.id() + "/deliveries?status=failed").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains((int) deliveryId))
                .body("[0].last_status", org.hamcrest.Matchers.equalTo(500));
        as(r.chain()).get(BASE + "/" + r.id() + "/deliveries?status=delivered").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));

        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).inScenario(r.path()).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        RECEIVER.setScenarioState(r.path(), "up");
        as(r.chain()).post(BASE + "/" + r.id() + "/deliveries/" + deliveryId + "/retry").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("pending"));
        await(BOUND, "the delivery sent again", () -> "delivered".equals(statusOf(eventId)));
        assertEquals(Set.of(eventId), received(r.path()).stream().map(g -> g.getHeader("webhook-id"))
                .collect(Collectors.toSet()));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'webhook_delivery'"
                + " AND action = 'retry'", r.chain().id()));
    }

    @Test
    void whileASecretRotatesBothSecretsSign() throws Exception {
        Registered r = register("points.adjusted");
        RECEIVER.stubFor(post(urlPathEqualTo(r.path())).willReturn(aResponse().withStatus(200)));
        String newSecret = as(r.chain()).body(Map.of("rotate_secret", true)).patch(BASE + "/" + r.id())
                .then().statusCode(200).extract().path("secret");
        assertTrue(newSecret.startsWith("whsec_") && !newSecret.equals(r.secret()));
        String eventId = emit(r, WebhookEventType.POINTS_ADJUSTED, 1L, Map.of("points", 1));
        await(BOUND, "the delivery", () -> "delivered".equals(statusOf(eventId)));
        LoggedRequest got = received(r.path()).get(0);
        String[] signatures = got.getHeader("webhook-signature").split(" ");
        assertEquals(2, signatures.length);
        for (String secret : List.of(r.secret(), newSecret)) {
            assertTrue(WebhookReceiver.verify(secret, eventId, got.getHeader("webhook-timestamp"), got.getBodyAsString(),
                    got.getHeader("webhook-signature")));
        }
    }

    @Test
    void anEventNobodyListensToCostsNoDatabaseRoundTrip() throws Exception {
        Fixtures.Chain quiet = fixtures.chain();
        subscriptions.reload();
        Connection untouchable = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the database was asked: " + method.getName());
                });
        assertNull(outbox.emit(untouchable, quiet.id(), WebhookEventType.RECEIPT_CONFIRMED, 1L, Map::of, Instant.now()));
    }
}
