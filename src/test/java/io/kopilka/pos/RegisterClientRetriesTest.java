package io.kopilka.pos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The example client's time-outs and retries as docs/integration.md states them, against a stand-in Kopilka that
 * answers 503, or nothing in time: the very same bytes are sent again, and a sale Kopilka never answers goes on
 * without loyalty, queued for the offline batch.
 */
class RegisterClientRetriesTest {

    private static final String RECEIPTS = "/api/pos/v1/receipts";
    private static final String HELD = "{\"receipt_id\": 7, \"status\": \"held\", \"points_redeemed\": 0,"
            + " \"hold_expires_at\": \"2026-12-07T10:15:00Z\"}";
    private static final String UNAVAILABLE = "{\"type\": \"https://kopilka.io/problems/unavailable\", \"status\": 503}";

    WireMockServer kopilka;

    @BeforeEach
    void start() {
        kopilka = new WireMockServer(options().dynamicPort());
        kopilka.start();
    }

    @AfterEach
    void stop() {
        kopilka.stop();
    }

    @Test
    void after503TheSameBodyIsSentAgainOnceRetryAfterHasPassed() throws Exception {
        kopilka.stubFor(post(urlPathEqualTo(RECEIPTS)).inScenario("blip").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/problem+json").withBody(UNAVAILABLE))
                .willSetStateTo("back"));
        kopilka.stubFor(post(urlPathEqualTo(RECEIPTS)).inScenario("blip").whenScenarioStateIs("back")
                .willReturn(okJson(HELD).withStatus(201)));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        long started = System.nanoTime();
        Object result = hold(printed, "EX-1");
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals("hold: receipt 7 held, 0 points reserved until 2026-12-07T10:15:00Z",
                RegisterClientSource.lines(printed).get(0));
        assertEquals(7L, ((Map<?, ?>) result).get("receipt_id"));
        List<LoggedRequest> sent = kopilka.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS)));
        assertEquals(2, sent.size());
        assertEquals(sent.get(0).getBodyAsString(), sent.get(1).getBodyAsString(), "a retry is the very same body");
        assertTrue(sent.get(0).getBodyAsString().contains("\"hold\":true"), sent.get(0).getBodyAsString());
        assertTrue(waitedMs >= 1000, "waited Retry-After (1 s) before the retry, not " + waitedMs + " ms");
    }

    @Test
    void aKopilkaThatNeverAnswersInTimeLeavesTheSaleToGoOnWithoutLoyalty() throws Exception {
        kopilka.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(okJson(HELD).withStatus(201).withFixedDelay(4000)));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Object register = RegisterClientSource.register(URI.create(kopilka.baseUrl()), "kpk_test", printed);
        long started = System.nanoTime();
        Object result = RegisterClientSource.invoke(register, "hold", new Class<?>[] {Map.class}, sale("EX-2"));
        long waitedMs = (System.nanoTime() - started) / 1_000_000;

        assertNull(result);
        assertEquals("offline: Kopilka away (no answer within 3000 ms after 3 tries), EX-2 sold without loyalty and queued",
                RegisterClientSource.lines(printed).get(0));
        assertEquals(3, kopilka.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS))).size());
        assertTrue(waitedMs < 3 * 3000 + 2 * 1500 + 2000, "the cashier waited " + waitedMs + " ms");
        List<?> queued = (List<?>) RegisterClientSource.invoke(register, "offlineQueue", new Class<?>[0]);
        Map<?, ?> offline = (Map<?, ?>) queued.get(0);
        assertEquals("EX-2", offline.get("receipt_no"));
        assertTrue(!offline.containsKey("hold") && !offline.containsKey("redeem_points"),
                "an offline receipt neither holds nor redeems: " + offline);
    }

    @Test
    void aHoldRecordedAfterAllIsCancelledWhenTheOfflineUploadMeetsItsNumber() throws Exception {
        kopilka.stubFor(post(urlPathEqualTo(RECEIPTS)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")
                .withHeader("Content-Type", "application/problem+json").withBody(UNAVAILABLE)));
        kopilka.stubFor(post(urlPathEqualTo(RECEIPTS + "/batch")).willReturn(okJson("{\"results\": [{\"index\": 0,"
                + " \"receipt_no\": \"EX-3\", \"status\": 409, \"problem\": {\"type\":"
                + " \"https://kopilka.io/problems/receipt-conflict\", \"status\": 409, \"receipt_id\": 7}}]}")));
        kopilka.stubFor(post(urlPathEqualTo(RECEIPTS + "/7/cancel"))
                .willReturn(okJson("{\"receipt_id\": 7, \"status\": \"cancelled\"}")));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Object register = RegisterClientSource.register(URI.create(kopilka.baseUrl()), "kpk_test", printed);
        assertNull(RegisterClientSource.invoke(register, "hold", new Class<?>[] {Map.class}, sale("EX-3")));
        RegisterClientSource.invoke(register, "uploadOffline", new Class<?>[0]);

        assertEquals(List.of("offline: Kopilka away (503 unavailable after 1 tries), EX-3 sold without loyalty and queued",
                "batch: EX-3 refused 409 receipt-conflict", "cancel: receipt 7 cancelled"), RegisterClientSource.lines(printed));
        assertEquals(1, kopilka.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS))).size(),
                "a Retry-After longer than the cashier waits ends the tries at once");
        assertEquals(1, kopilka.findAll(postRequestedFor(urlPathEqualTo(RECEIPTS + "/7/cancel"))).size());
        assertEquals(List.of(), RegisterClientSource.invoke(register, "offlineQueue", new Class<?>[0]),
                "a refused item leaves the queue");
    }

    private Object hold(ByteArrayOutputStream printed, String receiptNo) throws Exception {
        Object register = RegisterClientSource.register(URI.create(kopilka.baseUrl()), "kpk_test", printed);
        return RegisterClientSource.invoke(register, "hold", new Class<?>[] {Map.class}, sale(receiptNo));
    }

    private static Map<String, Object> sale(String receiptNo) {
        return PosApi.receiptMap(receiptNo, "+79001234567", 10, 5000);
    }
}
