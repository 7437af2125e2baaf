package io.kopilka.campaigns.gateway.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.kopilka.campaigns.gateway.GatewayScenario.noon;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import io.kopilka.campaigns.CampaignJob;
import io.kopilka.campaigns.gateway.GatewayTestBase;
import io.kopilka.campaigns.gateway.GatewayUnavailable;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsRejected;
import io.kopilka.campaigns.gateway.Submitted;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The HTTP gateway against a WireMock provider, and its callback endpoint. */
@QuarkusTest
@TestProfile(HttpProfile.class)
class HttpGatewayTest extends GatewayTestBase {

    // a provider serves the job's whole in-flight window (32) at once; WireMock's default 25 threads would not
    static final WireMockServer PROVIDER = new WireMockServer(options().port(HttpProfile.PORT).containerThreads(64));
    static final String SEND = "/sms/send";
    static final String CALLBACK = "/api/sms/v1/callbacks/http";
    // far beyond the profile's 3 s timeout, so that a slow machine's margin is seconds, not half of one
    static final int LATE_MS = 10_000;

    @BeforeAll
    static void startProvider() {
        PROVIDER.start();
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        PROVIDER.resetAll();
    }

    private static String accepted(String digits, String id) {
        return "{\"status\": \"OK\", \"status_code\": 100, \"sms\": {\"" + digits + "\": {\"status\": \"OK\", \"status_code\": 100,"
                + " \"sms_id\": \"" + id + "\"}}, \"balance\": 100.5}";
    }

    @Test
    void aMessageIsPostedWithTheAccountAndGetsTheProvidersId() {
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(accepted("79001234567", "000123-4567"))));
        Submitted s = sender.send(new SmsMessage(7, "+79001234567", "Привет, Анна! Скидка 10% в выходные"));
        assertEquals(new Submitted("000123-4567", 1), s);
        PROVIDER.verify(1, postRequestedFor(urlPathEqualTo(SEND))
                .withRequestBody(containing("api_id=test-api-key"))
                .withRequestBody(containing("to=79001234567"))
                .withRequestBody(containing("from=Kopilka"))
                .withRequestBody(containing("msg=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82")));
    }

    @Test
    void anInvalidNumberIsRefusedOnceAndNotRetried() {
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withStatus(400).withBody("invalid number")));
        SmsRejected bad = assertThrows(SmsRejected.class, () -> sender.send(new SmsMessage(8, "+79001234567", "hi")));
        assertTrue(bad.getMessage().contains("400"), bad.getMessage());
        PROVIDER.verify(1, postRequestedFor(urlPathEqualTo(SEND)));

        PROVIDER.resetAll();
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"status\": \"OK\", \"sms\": {\"79001234567\":"
                + " {\"status\": \"ERROR\", \"status_code\": 202, \"status_text\": \"Invalid number\"}}}")));
        SmsRejected perNumber = assertThrows(SmsRejected.class, () -> sender.send(new SmsMessage(9, "+79001234567", "hi")));
        assertTrue(perNumber.getMessage().contains("Invalid number"), perNumber.getMessage());
        PROVIDER.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheProviderTakesTheMessage() {
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("still busy"));
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).inScenario("busy").whenScenarioStateIs("still busy")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("up"));
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).inScenario("busy").whenScenarioStateIs("up")
                .willReturn(okJson(accepted("79001234567", "after-retries"))));
        assertEquals("after-retries", sender.send(new SmsMessage(10, "+79001234567", "hi")).gatewayMessageId());
        PROVIDER.verify(3, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void anAccountProblemIsRetriedAndThenUnavailableButAnUnreadableAcceptanceIsUnknown() {
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"status\": \"ERROR\", \"status_code\": 220,"
                + " \"status_text\": \"Insufficient balance\"}")));
        GatewayUnavailable balance = assertThrows(GatewayUnavailable.class,
                () -> sender.send(new SmsMessage(12, "+79001234567", "hi")));
        assertTrue(balance.getMessage().contains("Insufficient balance"), balance.getMessage());
        PROVIDER.verify(4, postRequestedFor(urlPathEqualTo(SEND)));

        PROVIDER.resetAll();
        breakers.resetAll();
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withStatus(200).withBody("<html>OK</html>")));
        assertThrows(TimeoutException.class, () -> sender.send(new SmsMessage(13, "+79001234567", "hi")));
        PROVIDER.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void aSlowAnswerTimesOutAndTheMessageIsUnknownAndNeverSentAgain() throws Exception {
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(accepted("0", "late")).withFixedDelay(LATE_MS)));
        long t0 = System.nanoTime();
        assertThrows(TimeoutException.class, () -> sender.send(new SmsMessage(11, "+79001234567", "hi")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 3000 && ms < LATE_MS - 1000, "the configured 3 s timeout decides, not the late answer: " + ms + " ms");
        assertEquals(1, PROVIDER.getAllServeEvents().size(), PROVIDER.getAllServeEvents().toString());

        PROVIDER.resetAll();
        breakers.resetAll();
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(accepted("0", "late")).withFixedDelay(LATE_MS)));
        String phone = scenario.customer("Anna", "en");
        long id = scenario.launch("a", "Hi {name}");
        CampaignJob.Summary first = scenario.run(job, noon());
        assertEquals("unknown", scenario.outbox("status", phone), first.toString());
        PROVIDER.resetAll();
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(accepted(phone.substring(1), "x"))));
        scenario.run(job, noon().plusSeconds(3600));
        PROVIDER.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
        assertEquals(1, scenario.count(id, "unknown"));
    }

    @Test
    void aBrokenConnectionIsUnknownAndTheStoredErrorSaysWhatBroke() throws Exception {
        String reset = scenario.customer("Reset", "en");
        String empty = scenario.customer("Empty", "en");
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).withRequestBody(containing("to=" + reset.substring(1)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).withRequestBody(containing("to=" + empty.substring(1)))
                .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        scenario.launch("a", "Hi {name}");
        scenario.run(job, noon());

        assertEquals("unknown", scenario.outbox("status", reset));
        String resetError = scenario.outbox("error", reset);
        assertTrue(resetError.contains("connection broke") && resetError.toLowerCase().contains("reset"), resetError);
        assertFalse(resetError.contains("timed out"), "an answer that broke is not a time-out: " + resetError);
        assertEquals("unknown", scenario.outbox("status", empty));
        assertTrue(scenario.outbox("error", empty).contains("connection broke"), scenario.outbox("error", empty));
    }

    @Test
    void aServerErrorNamesTheStatusAndWhatTheProviderSaid() {
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withStatus(502).withBody("upstream operator down")));
        GatewayUnavailable down = assertThrows(GatewayUnavailable.class,
                () -> sender.send(new SmsMessage(14, "+79001234567", "hi")));
        assertTrue(down.getMessage().contains("502: upstream operator down"), down.getMessage());
    }

    @Test
    void manyMessagesAtTheGatewayAtOnceAreAllSentNoneUnknown() throws Exception {
        int n = 60;
        for (int i = 0; i < n; i++) {
            scenario.customer("C" + i, "en");
        }
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(accepted("0", "id")).withFixedDelay(50)));
        long id = scenario.launch("a", "Hi {name}");
        long t0 = System.nanoTime();
        CampaignJob.Summary run = scenario.run(job, noon());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(n, scenario.count(id, "sent"), run + "\nnot sent: " + scenario.othersThan(id, "sent"));
        assertEquals(0, scenario.count(id, "unknown"), run.toString());
        // one at a time they would take 60 × 50 ms; the profile's rate (500 parts/s) allows them in 120 ms
        assertTrue(ms < 3000, "several answers awaited at once: " + ms + " ms\n" + run);
    }

    @Test
    void callbacksRecordDeliveryAndStopRepliesWithTheSharedSecretOnly() throws Exception {
        String anna = scenario.customer("Anna", "en");
        String bob = scenario.customer("Bob", "en");
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).withRequestBody(containing("to=" + anna.substring(1)))
                .willReturn(okJson(accepted(anna.substring(1), "id-anna"))));
        PROVIDER.stubFor(post(urlPathEqualTo(SEND)).withRequestBody(containing("to=" + bob.substring(1)))
                .willReturn(okJson(accepted(bob.substring(1), "id-bob"))));
        scenario.launch("a", "Hi {name}");
        assertEquals(2, scenario.run(job, noon()).sent());

        String delivered = "{\"type\": \"status\", \"message_id\": \"id-anna\", \"status\": \"delivered\", \"at\": \"2026-05-01T10:15:30Z\"}";
        given().contentType(ContentType.JSON).body(delivered).post(CALLBACK).then().statusCode(401)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).header(HttpCallbackResource.SECRET_HEADER, "guess").body(delivered)
                .post(CALLBACK).then().statusCode(401).contentType("application/problem+json");
        assertEquals("sent", scenario.outbox("status", anna), "an unauthenticated callback changes nothing");

        callback(delivered).statusCode(200).body("result", equalTo("status_recorded"));
        assertEquals("delivered", scenario.outbox("status", anna));
        assertTrue(scenario.outbox("delivered_at", anna).startsWith("2026-05-01"), scenario.outbox("delivered_at", anna));

        callback("{\"type\": \"reply\", \"from\": \"" + bob + "\", \"text\": \"Спасибо\"}").statusCode(200)
                .body("result", equalTo("ignored"));
        assertTrue(scenario.hasConsent(bob));
        callback("{\"type\": \"reply\", \"from\": \"" + bob + "\", \"text\": \" stop \"}").statusCode(200)
                .body("result", equalTo("opted_out"));
        assertTrue(!scenario.hasConsent(bob), "STOP withdraws consent");
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM consent_events WHERE source = 'http' AND customer_id ="
                + " (SELECT id FROM customers WHERE phone = ?)", bob));

        callback("{\"type\": \"status\", \"status\": \"delivered\"}").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("message_id"));
        callback("{\"type\": \"status\", \"message_id\": \"id-bob\", \"status\": \"read\"}").statusCode(400)
                .body("errors.field", hasItem("status"));
        callback("{\"type\": \"reply\", \"from\": \"not a phone\", \"text\": \"STOP\"}").statusCode(400)
                .body("errors.field", hasItem("from"));
        callback("{\"type\": \"reply\", \"from\": \"" + bob + "\", \"text\": \"STOP\", \"message_id\": 42}").statusCode(400)
                .body("errors.field", hasItem("message_id"));
        callback("{\"type\": \"status\", \"message_id\": \"id-bob\", \"status\": \"failed\", \"at\": \"yesterday\"}")
                .statusCode(400).body("errors.field", hasItem("at"));
        callback("{\"type\": \"unsubscribe\"}").statusCode(400).body("errors.field", hasItem("type"));
        callback("{not json").statusCode(400).contentType("application/problem+json");
        assertEquals("sent", scenario.outbox("status", bob), "refused callbacks change nothing");
    }

    private io.restassured.response.ValidatableResponse callback(String body) {
        return given().contentType(ContentType.JSON).header(HttpCallbackResource.SECRET_HEADER, HttpProfile.SECRET).body(body)
                .post(CALLBACK).then();
    }
}
