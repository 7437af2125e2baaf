package io.kopilka.campaigns.gateway.smpp;

import static io.kopilka.campaigns.gateway.GatewayScenario.await;
import static io.kopilka.campaigns.gateway.GatewayScenario.noon;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jsmpp.util.DeliveryReceiptState;

import io.kopilka.campaigns.CampaignJob;
import io.kopilka.campaigns.gateway.GatewayTestBase;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.Submitted;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The campaign job sending through the real SMPP gateway to an SMSC in this JVM. */
@QuarkusTest
@TestProfile(SmppProfile.class)
class SmppGatewayTest extends GatewayTestBase {

    static final TestSmsc SMSC = new TestSmsc(SmppProfile.PORT);

    @BeforeAll
    static void startSmsc() throws Exception {
        SMSC.start();
    }

    @AfterAll
    static void stopSmsc() throws Exception {
        SMSC.close();
    }

    @Test
    void campaignTextsArriveInTheirCodingAndPartsAndReceiptsUpdateTheOutbox() throws Exception {
        String john = scenario.customer("John", "en");
        String anna = scenario.customer("Анна", "ru");
        String longEnglish = "{name}, this weekend every loyal customer gets double points on fresh bread, cheese and coffee,"
                + " and a free cup of tea with any purchase over 500 roubles at every store of the chain {store}";
        long id = scenario.launch("{name}, скидка 10% в выходные!", longEnglish);

        CampaignJob.Summary run = scenario.run(job, noon());
        assertEquals(2, run.sent(), run.toString());
        assertTrue(SMSC.binds.get(0).startsWith("BIND_TRX kopilka-test/secret"), SMSC.binds.toString());

        List<TestSmsc.Submit> toJohn = SMSC.to(john);
        String johnText = scenario.outbox("text", john);
        assertTrue(johnText.length() > 160 && johnText.length() <= 306, johnText.length() + "");
        assertEquals(2, toJohn.size(), "a GSM-7 text of 161..306 characters goes as two parts");
        assertTrue(toJohn.stream().allMatch(s -> s.dataCoding() == 0 && s.udhi() && s.registeredDelivery() == 1));
        assertEquals(List.of(1, 2), toJohn.stream().map(s -> s.part()[0]).toList());
        assertEquals(johnText, toJohn.get(0).text() + toJohn.get(1).text());
        assertEquals("2", scenario.outbox("parts", john));

        List<TestSmsc.Submit> toAnna = SMSC.to(anna);
        String annaText = scenario.outbox("text", anna);
        assertTrue(annaText.startsWith("Анна, скидка 10% в выходные!"), annaText);
        assertEquals(io.kopilka.campaigns.gateway.SmsEncoding.parts(annaText), toAnna.size());
        assertTrue(toAnna.stream().allMatch(s -> s.dataCoding() == 8), "Cyrillic goes as UCS-2");
        assertEquals(annaText, toAnna.stream().map(TestSmsc.Submit::text).reduce("", String::concat));

        assertEquals("smpp", scenario.outbox("gateway", john));
        assertEquals(toJohn.get(0).messageId(), scenario.outbox("gateway_message_id", john));
        SMSC.receipt(toJohn.get(0).messageId(), john, DeliveryReceiptState.DELIVRD);
        SMSC.receipt(toAnna.get(0).messageId(), anna, DeliveryReceiptState.UNDELIV);
        await("the receipts are recorded", () -> "delivered".equals(scenario.outbox("status", john))
                && "failed".equals(scenario.outbox("status", anna)));
        assertEquals("delivery report: failed", scenario.outbox("error", anna));
        scenario.admin().get("/api/admin/v1/campaigns/" + id + "/stats").then().statusCode(200)
                .body("delivered", org.hamcrest.Matchers.equalTo(1)).body("failed", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aReceiptFindsTheMessageWhoseIdWasNeverStoredByItsPhoneAndSubmitTime() throws Exception {
        String anna = scenario.customer("Anna", "en");
        long id = scenario.launch("a", "Hi {name}");
        scenario.run(job, noon());
        String smscId = SMSC.to(anna).get(0).messageId();
        // the state a kill -9 at the gateway leaves once the next run recovered it: attempted, no id, unknown
        fixtures.execute("UPDATE sms_outbox SET status = 'unknown', gateway_message_id = NULL, sent_at = NULL"
                + " WHERE chain_id = ? AND campaign_id = ?", scenario.chainId(), id);
        java.util.Date attempted = java.util.Date.from(java.time.Instant.parse(scenario.outbox(
                "to_char(attempted_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", anna)));
        SMSC.receipt(smscId, anna, DeliveryReceiptState.DELIVRD, attempted);
        await("the receipt resolves the unknown message", () -> "delivered".equals(scenario.outbox("status", anna)));
        assertEquals(smscId, scenario.outbox("gateway_message_id", anna));
        assertEquals(1, SMSC.to(anna).size(), "nothing was sent again");
    }

    @Test
    void aSessionDroppedByTheSmscIsBoundAgainAndSendingGoesOn() throws Exception {
        Submitted before = sender.send(new SmsMessage(1, "+79001112233", "before the drop"));
        int binds = SMSC.binds.size();
        SMSC.dropSession();
        Submitted after = sender.send(new SmsMessage(2, "+79001112233", "after the drop"));
        assertEquals(binds + 1, SMSC.binds.size(), "bound once more");
        assertFalse(before.gatewayMessageId().equals(after.gatewayMessageId()));
        assertEquals(List.of("before the drop", "after the drop"),
                SMSC.to("+79001112233").stream().map(TestSmsc.Submit::text).toList().subList(0, 2));
    }

    @Test
    void sendingKeepsToTheConfiguredPartsPerSecond() {
        // 500 parts a second in the profile: each two-part message holds the line 4 ms, so the 100th starts
        // 99 × 4 = 396 ms after the first
        String twoParts = "x".repeat(200);
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            sender.send(new SmsMessage(100 + i, "+79005550000", twoParts));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("SMPP: 100 two-part messages in %d ms at a limit of 500 parts/s%n", ms);
        assertTrue(ms >= 396, ms + " ms");
        assertEquals(200, SMSC.to("+79005550000").size());
    }

    @Test
    void aStopReplyInAnyCaseIsAnOptOutAndOtherRepliesAreNot() throws Exception {
        String anna = scenario.customer("Анна", "ru");
        String bob = scenario.customer("Bob", "en");
        String carl = scenario.customer("Carl", "en");
        scenario.launch("Привет, {name}", "Hi {name}");
        scenario.run(job, noon());
        await("a bound session", SMSC::hasSession);

        SMSC.reply(anna, "  стоп ");
        SMSC.reply(bob, "Stop");
        SMSC.reply(carl, "Thanks, stop by tomorrow");
        await("both opt-outs are recorded", () -> !scenario.hasConsent(anna) && !scenario.hasConsent(bob));
        assertTrue(scenario.hasConsent(carl), "only a reply that is just STOP withdraws consent");
        assertEquals(2, fixtures.queryLong("SELECT count(*) FROM consent_events WHERE source = 'smpp' AND NOT consent"
                + " AND customer_id IN (SELECT id FROM customers WHERE phone IN (?, ?))", anna, bob));
    }

    @Test
    void anSmscOutageOpensTheCircuitAndTheRunEndsWithTheRestStillQueued() throws Exception {
        for (int i = 0; i < 8; i++) {
            scenario.customer("C" + i, "en");
        }
        long id = scenario.launch("a", "Hi {name}");
        SMSC.stop();
        try {
            CampaignJob.Summary down = scenario.run(job, noon());
            assertTrue(down.gatewayUnavailable(), down.toString());
            assertEquals(0, down.sent());
            assertEquals(8, scenario.count(id, "queued"), "nothing is lost or failed");
        } finally {
            SMSC.start();
        }
        breakers.resetAll();
        CampaignJob.Summary up = scenario.run(job, noon().plusSeconds(3600));
        assertFalse(up.gatewayUnavailable(), up.toString());
        assertEquals(8, scenario.count(id, "sent"));
    }
}
