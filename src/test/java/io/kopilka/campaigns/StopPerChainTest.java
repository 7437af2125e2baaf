package io.kopilka.campaigns;

import static io.kopilka.campaigns.gateway.GatewayScenario.noon;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.GatewayScenario;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.campaigns.gateway.StopReply;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/** Two chains message the same phone; a STOP withdraws consent only in the chain whose message it answers. */
@QuarkusTest
class StopPerChainTest {

    @Inject
    Fixtures fixtures;

    @Inject
    CampaignJob job;

    @Inject
    DeliveryReports reports;

    RecordingSender gateway;
    GatewayScenario pharmacy;
    GatewayScenario grocer;
    String anna;
    String bob;
    long fromPharmacy;
    long fromGrocer;

    /** Anna and Bob are customers of both chains; the pharmacy writes to them first, the grocer ten minutes later. */
    @BeforeEach
    void twoChainsMessageTheSamePhones() throws Exception {
        gateway = new RecordingSender();
        QuarkusMock.installMockForType(gateway, SmsSender.class);
        pharmacy = new GatewayScenario(fixtures);
        grocer = new GatewayScenario(fixtures);
        anna = PosApi.newPhone();
        bob = PosApi.newPhone();
        for (GatewayScenario chain : new GatewayScenario[] { pharmacy, grocer }) {
            chain.customer("Anna", "en", anna);
            chain.customer("Bob", "en", bob);
        }
        fromPharmacy = pharmacy.launch("a", "Pharmacy: 10% off");
        pharmacy.run(job, noon());
        fromGrocer = grocer.launch("a", "Grocer: 2 for 1");
        grocer.run(job, noon().plusSeconds(600));
        assertEquals(2, gateway.to(anna).size());
        assertEquals(2, gateway.to(bob).size());
    }

    @Test
    void aStopNamingTheMessageItAnswersOptsOutOnlyThatChain() {
        // the reply answers the pharmacy's message, though the grocer's is the latest
        String answered = "gw-" + pharmacy.outbox("id", anna);
        reports.optOut(new StopReply(anna, "http", Instant.now(), answered));

        assertFalse(pharmacy.hasConsent(anna));
        assertTrue(grocer.hasConsent(anna), "the other chain's consent is untouched");
        assertEquals(1, optOuts(pharmacy, anna, fromPharmacy));
        assertEquals(0, optOuts(grocer, anna, fromGrocer));
        pharmacy.admin().get("/api/admin/v1/campaigns/" + fromPharmacy + "/stats").then().body("opted_out", equalTo(1));
        grocer.admin().get("/api/admin/v1/campaigns/" + fromGrocer + "/stats").then().body("opted_out", equalTo(0));
        assertTrue(pharmacy.hasConsent(bob) && grocer.hasConsent(bob), "nobody else opted out");
    }

    @Test
    void aStopThatNamesNoMessageAnswersTheLatestOneSentToThatPhone() {
        reports.optOut(bob, "smpp", Instant.now());

        assertFalse(grocer.hasConsent(bob), "the grocer's message was the latest");
        assertTrue(pharmacy.hasConsent(bob), "the pharmacy's consent is untouched");
        assertEquals(1, optOuts(grocer, bob, fromGrocer));
        assertEquals(0, optOuts(pharmacy, bob, fromPharmacy));
    }

    private long optOuts(GatewayScenario chain, String phone, long campaignId) {
        return fixtures.queryLong("""
                SELECT count(*) FROM consent_events e JOIN customers c ON c.chain_id = e.chain_id AND c.id = e.customer_id
                 WHERE e.chain_id = ? AND c.phone = ? AND e.campaign_id = ? AND NOT e.consent""", chain.chainId(), phone, campaignId);
    }
}
