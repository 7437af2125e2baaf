package io.kopilka.campaigns;

import static io.kopilka.campaigns.gateway.GatewayScenario.noon;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.gateway.DeliveryReport;
import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.DeliveryStatus;
import io.kopilka.campaigns.gateway.GatewayScenario;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The job killed at the gateway (kill -9 after the attempt was committed, before the gateway's id was stored): the
 * message is never dropped and never sent twice unasked. A delivery report resolves it, or head office resends it.
 */
@QuarkusTest
class UnknownMessagesTest {

    private static final String CAMPAIGNS = "/api/admin/v1/campaigns/";

    @Inject
    Fixtures fixtures;

    @Inject
    CampaignJob job;

    @Inject
    DeliveryReports reports;

    RecordingSender gateway;
    GatewayScenario chain;
    String anna;
    String bob;

    @BeforeEach
    void setUp() {
        gateway = new RecordingSender();
        QuarkusMock.installMockForType(gateway, SmsSender.class);
        chain = new GatewayScenario(fixtures);
        anna = chain.customer("Anna", "en");
        bob = chain.customer("Bob", "en");
    }

    /** Launches a campaign to Anna and Bob and kills the run while the first message is at the gateway. */
    private long killedAtTheGateway() {
        long id = chain.launch("a", "Hi {name}");
        gateway.killAt = 1;
        // one message claimed: with two, the second's preparing transaction could commit before the gateway
        // thread's death is seen (a real death leaves it unknown too), and the counts below would be racy
        assertThrows(RecordingSender.Killed.class, () -> job.run(noon(), new CampaignJob.Options(false, false, true, 1)));
        gateway.killAt = Integer.MAX_VALUE;
        assertEquals(1, fixtures.queryLong("""
                SELECT count(*) FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND status = 'sending'
                   AND attempted_at IS NOT NULL AND gateway_message_id IS NULL""", chain.chainId(), id),
                "one row was committed as attempted, without the gateway's id");
        return id;
    }

    /** The phone of the message that was at the gateway when the run died. */
    private String cutOff(long campaignId) {
        return fixtures.queryString("SELECT phone FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND status = ?"
                + " AND attempted_at IS NOT NULL", chain.chainId(), campaignId, "sending");
    }

    @Test
    void aDeliveryReportResolvesTheMessageThatWasAtTheGatewayWhenTheJobDied() throws Exception {
        long id = killedAtTheGateway();
        String phone = cutOff(id);
        Instant attempted = Instant.parse(chain.outbox("to_char(attempted_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", phone));
        // the SMSC took it before the process died; its receipt names an id we never stored, the phone and the
        // submit date (minutes only), and comes while the row is still claimed by the dead run
        reports.delivered(new DeliveryReport("smsc-4711", DeliveryStatus.DELIVERED, attempted.plusSeconds(20), phone,
                attempted.truncatedTo(java.time.temporal.ChronoUnit.MINUTES)));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM sms_early_reports WHERE gateway_message_id = 'smsc-4711'"),
                "the report is kept, not dropped");

        CampaignJob.Summary next = chain.run(job, noon().plusSeconds(60));
        assertTrue(next.toString().contains("unknown messages resolved by delivery reports: 1"), next.toString());
        assertEquals("delivered", chain.outbox("status", phone));
        assertEquals("smsc-4711", chain.outbox("gateway_message_id", phone));
        assertTrue(gateway.to(phone).isEmpty(), "the cut-off message was not sent again");
        assertEquals(1, gateway.to(phone.equals(anna) ? bob : anna).size());
        chain.admin().get(CAMPAIGNS + id + "/stats").then().body("delivered", equalTo(1)).body("unknown", equalTo(0))
                .body("sent", equalTo(2));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM sms_early_reports WHERE gateway_message_id = 'smsc-4711'"));
    }

    @Test
    void withoutAReportHeadOfficeSeesTheUnknownMessageAndResendsItOnce() throws Exception {
        long id = killedAtTheGateway();
        String phone = cutOff(id);
        chain.run(job, noon().plusSeconds(60));
        chain.run(job, noon().plusSeconds(120));
        assertTrue(gateway.to(phone).isEmpty(), "the job never sends an unknown message again by itself");
        chain.admin().get(CAMPAIGNS + id + "/stats").then().body("unknown", equalTo(1)).body("sent", equalTo(1));
        long messageId = Long.parseLong(chain.outbox("id", phone));
        chain.admin().get(CAMPAIGNS + id + "/messages").then().statusCode(200).body("", hasSize(1))
                .body("[0].message_id", equalTo((int) messageId)).body("[0].status", equalTo("unknown"))
                .body("[0].error", equalTo("the worker stopped while the gateway was being called"));
        chain.admin().get(CAMPAIGNS + id + "/messages?after_id=" + messageId).then().statusCode(200).body("", hasSize(0));
        chain.admin().get(CAMPAIGNS + id + "/messages?status=lost&after_id=x").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.hasItem("status"));
        chain.admin().get(CAMPAIGNS + id + "/messages?after_id=-1").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("after_id"));

        String sentOne = CAMPAIGNS + id + "/messages/" + chain.outbox("id", phone.equals(anna) ? bob : anna) + "/resend";
        chain.admin().post(sentOne).then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/message-state"));
        long franchisee = fixtures.franchisee(chain.chainId(), "North");
        String user = fixtures.franchiseeUser(chain.chainId(), franchisee, "franchisee-pass-1");
        String resend = CAMPAIGNS + id + "/messages/" + messageId + "/resend";
        given().auth().preemptive().basic(user, "franchisee-pass-1").contentType(ContentType.JSON).post(resend).then().statusCode(403);

        chain.admin().post(resend).then().statusCode(200).body("status", equalTo("queued")).body("resent_at", notNullValue());
        chain.admin().post(resend).then().statusCode(200).body("status", equalTo("queued"));
        chain.admin().post(CAMPAIGNS + id + "/messages/resend-unknown").then().statusCode(200).body("resent", equalTo(0));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'resend'"
                + " AND entity = 'sms_message' AND entity_id = ?", chain.chainId(), Long.toString(messageId)),
                "one resend, audited once");

        // the resend is due now; the next noon is the first run after it outside the quiet hours
        chain.run(job, noon().plusSeconds(86_400));
        chain.run(job, noon().plusSeconds(86_460));
        assertEquals(1, gateway.to(phone).size(), "resent once, as a fresh attempt");
        assertEquals("sent", chain.outbox("status", phone));
        chain.admin().get(CAMPAIGNS + id + "/stats").then().body("unknown", equalTo(0)).body("sent", equalTo(2));
    }

    @Test
    void aDeliveryReportThatComesBeforeTheGatewaysIdIsStoredIsMatchedLater() throws Exception {
        long id = chain.launch("a", "Hi {name}");
        // the SMSC's receipt arrives while the job is still between the gateway's answer and storing its id
        gateway.afterSend = gatewayId -> {
            reports.delivered(gatewayId, DeliveryStatus.DELIVERED, Instant.now());
            assertEquals(1, fixtures.queryLong("SELECT count(*) FROM sms_early_reports WHERE gateway_message_id = ?", gatewayId));
        };
        chain.run(job, noon());
        assertEquals("delivered", chain.outbox("status", anna));
        assertEquals("delivered", chain.outbox("status", bob));
        chain.admin().get(CAMPAIGNS + id + "/stats").then().body("delivered", equalTo(2));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM sms_early_reports WHERE gateway_message_id IN (?, ?)",
                "gw-" + chain.outbox("id", anna), "gw-" + chain.outbox("id", bob)));
    }
}
