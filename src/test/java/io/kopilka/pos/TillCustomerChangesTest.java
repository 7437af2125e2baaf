package io.kopilka.pos;

import static io.kopilka.pos.PosApi.CUSTOMERS;
import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.lookup;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The customer's life at the till (docs/customers.md): a lost card replaced, consent given or withdrawn, a phone
 * changed with a code sent to the new phone. Each change is audited with the terminal that made it.
 */
@QuarkusTest
class TillCustomerChangesTest {

    @Inject
    Fixtures fixtures;

    CodeInbox inbox;
    Fixtures.Chain chain;
    Fixtures.Till till;
    Fixtures.Till otherChainTill;
    String phone;
    long customer;

    @BeforeEach
    void setUp() {
        inbox = new CodeInbox();
        QuarkusMock.installMockForType(inbox, SmsSender.class);
        chain = fixtures.chain();
        till = fixtures.till(chain.id());
        otherChainTill = fixtures.till(fixtures.chain().id());
        phone = newPhone();
        customer = as(till).body(Map.of("phone", phone, "card", "CARD-" + phone, "sms_consent", true)).post(CUSTOMERS)
                .then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    private ValidatableResponse post(Fixtures.Till by, long id, String action, Object body) {
        return as(by).body(body).post(CUSTOMERS + "/" + id + "/" + action).then();
    }

    private ValidatableResponse lookupCard(String card) {
        return as(till).queryParam("card", card).get(CUSTOMERS + "/lookup").then();
    }

    private long audits(String action) {
        return fixtures.queryLong("""
                SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'customer' AND entity_id = ? AND action = ?
                   AND terminal_id = ? AND user_id IS NULL""", chain.id(), Long.toString(customer), action, till.terminalId());
    }

    // --- card ---

    @Test
    void aNewCardWorksAtOnceAndTheLostOneNamesNobody() {
        String lost = "CARD-" + phone;
        post(till, customer, "card", Map.of("card", "NEW-" + phone)).statusCode(200)
                .body("customer_id", equalTo((int) customer)).body("phone_masked", endsWith(phone.substring(phone.length() - 2)));
        lookupCard("NEW-" + phone).statusCode(200).body("customer_id", equalTo((int) customer));
        lookupCard(lost).statusCode(404);
        Map<String, Object> byLostCard = receiptMap(newReceiptNo(), null, null, 10000);
        byLostCard.put("customer", Map.of("card", lost));
        record(till, PosApi.json(byLostCard)).statusCode(422).body("type", endsWith("/customer-not-found"));
        assertEquals(1, audits("replace-card"));
        assertEquals(lost, fixtures.queryString("SELECT before->>'card' FROM audit_log WHERE chain_id = ? AND action = 'replace-card'",
                chain.id()));

        admin().queryParam("entity", "customer").get("/api/admin/v1/audit").then().statusCode(200)
                .body("[0].action", equalTo("replace-card")).body("[0].terminal_id", equalTo((int) till.terminalId()))
                .body("[0].after.card", equalTo("NEW-" + phone));

        // a retried request changes nothing and is not audited twice
        post(till, customer, "card", Map.of("card", "NEW-" + phone)).statusCode(200);
        assertEquals(1, audits("replace-card"));
    }

    @Test
    void anotherCustomersCardIsRefusedAndNothingChanges() {
        String other = newPhone();
        as(till).body(Map.of("phone", other, "card", "CARD-" + other, "sms_consent", false)).post(CUSTOMERS).then().statusCode(201);
        post(till, customer, "card", Map.of("card", "CARD-" + other)).statusCode(409).body("type", endsWith("/card-taken"));
        lookupCard("CARD-" + phone).statusCode(200).body("customer_id", equalTo((int) customer));
        assertEquals(0, audits("replace-card"));
    }

    @Test
    void aBadCardIsA400NamingCard() {
        for (Object body : new Object[] {Map.of(), Map.of("card", ""), Map.of("card", 12345), Map.of("card", "x".repeat(65))}) {
            post(till, customer, "card", body).statusCode(400).body("errors[0].field", equalTo("card"));
        }
        lookupCard("CARD-" + phone).statusCode(200);
        assertEquals(0, audits("replace-card"));
    }

    // --- consent ---

    private io.restassured.specification.RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json");
    }

    /** What a campaign for everyone would reach now (the campaign preview's audience). */
    private int audience() {
        long id = admin().body("{\"name\": \"All\", \"templates\": {\"ru\": \"Привет\", \"en\": \"Hi\"}, \"send_at\": \""
                + Instant.now().plusSeconds(86400) + "\", \"audience\": {}}").post("/api/admin/v1/campaigns").then()
                .statusCode(201).extract().jsonPath().getLong("id");
        return admin().post("/api/admin/v1/campaigns/" + id + "/preview").then().statusCode(200).extract().jsonPath().getInt("audience");
    }

    @Test
    void aCustomerWhoRepliedStopCanOptInAgainAtTheTill() {
        assertEquals(1, audience());
        // as campaigns.OptOuts leaves a STOP reply: the flag cleared and the opt-out in the history
        fixtures.execute("UPDATE customers SET sms_consent = false WHERE chain_id = ? AND id = ?", chain.id(), customer);
        fixtures.execute("INSERT INTO consent_events (chain_id, customer_id, consent, source) VALUES (?, ?, false, 'stop-reply')",
                chain.id(), customer);
        assertEquals(0, audience());

        post(till, customer, "consent", Map.of("sms_consent", true)).statusCode(200).body("sms_consent", equalTo(true));
        assertEquals(1, audience());
        assertEquals(1, fixtures.queryLong("""
                SELECT count(*) FROM consent_events WHERE chain_id = ? AND customer_id = ? AND consent AND source = 'pos'
                   AND store_id = ? AND terminal_id = ? AND at > now() - interval '1 minute'""",
                chain.id(), customer, till.storeId(), till.terminalId()));
        assertEquals(till.terminalId(), fixtures.queryLong(
                "SELECT consent_terminal_id FROM customers WHERE chain_id = ? AND id = ?", chain.id(), customer));
        assertEquals(1, audits("give-sms-consent"));

        post(till, customer, "consent", Map.of("sms_consent", false)).statusCode(200).body("sms_consent", equalTo(false));
        assertEquals(0, audience());
        assertFalse(lookup(till, phone).getBoolean("sms_consent"));
        assertEquals(4, fixtures.queryLong("SELECT count(*) FROM consent_events WHERE chain_id = ? AND customer_id = ?",
                chain.id(), customer), "the enrolment's answer, the STOP, the consent and the withdrawal");
        assertEquals(1, audits("withdraw-sms-consent"));
    }

    @Test
    void aBadConsentIsA400NamingSmsConsent() {
        for (Object body : new Object[] {Map.of(), Map.of("sms_consent", "yes"), Map.of("sms_consent", 1)}) {
            post(till, customer, "consent", body).statusCode(400).body("errors[0].field", equalTo("sms_consent"));
        }
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM consent_events WHERE chain_id = ? AND source <> 'enrolment'",
                chain.id()));
    }

    @Test
    void anotherChainsCustomerIsNotFoundForEveryChange() {
        post(otherChainTill, customer, "card", Map.of("card", "STOLEN")).statusCode(404);
        post(otherChainTill, customer, "consent", Map.of("sms_consent", false)).statusCode(404);
        post(otherChainTill, customer, "phone-change", Map.of("phone", newPhone())).statusCode(404);
        post(otherChainTill, customer, "phone-change/confirm", Map.of("code", "123456")).statusCode(404);
        post(till, 999_999_999L, "card", Map.of("card", "NOBODY")).statusCode(404);
        assertTrue(inbox.received.isEmpty());
        lookupCard("CARD-" + phone).statusCode(200);
        assertTrue(lookup(till, phone).getBoolean("sms_consent"));
    }

    // --- phone change ---

    @Test
    void aPhoneChangesOnlyWithTheCodeSentToTheNewPhone() {
        String newPhone = newPhone();
        String expiresAt = post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202)
                .body("tries_left", equalTo(5)).extract().jsonPath().getString("expires_at");
        Duration validFor = Duration.between(Instant.now(), OffsetDateTime.parse(expiresAt).toInstant());
        assertTrue(validFor.toSeconds() > 9 * 60 && validFor.toSeconds() <= 10 * 60, "valid 10 minutes: " + validFor);
        String code = inbox.latestCode(newPhone);
        assertEquals(1, inbox.received.size());
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM phone_changes WHERE chain_id = ? AND position(? in encode(code_hash, 'escape')) > 0",
                chain.id(), code), "only a hash of the code is kept");
        lookup(till, phone); // nothing changes before the code comes back

        String wrong = code.equals("000000") ? "000001" : "000000";
        post(till, customer, "phone-change/confirm", Map.of("code", wrong)).statusCode(422)
                .body("type", endsWith("/wrong-code")).body("tries_left", equalTo(4));
        lookup(till, phone);

        post(till, customer, "phone-change/confirm", Map.of("code", code)).statusCode(200)
                .body("customer_id", equalTo((int) customer));
        assertEquals(customer, lookup(till, newPhone).getLong("customer_id"));
        as(till).queryParam("phone", phone).get(CUSTOMERS + "/lookup").then().statusCode(404);
        assertEquals(1, audits("change-phone"));
        assertEquals(newPhone, fixtures.queryString(
                "SELECT after->>'phone' FROM audit_log WHERE chain_id = ? AND action = 'change-phone'", chain.id()));
        // done: confirming again finds nothing pending
        post(till, customer, "phone-change/confirm", Map.of("code", code)).statusCode(404)
                .body("type", endsWith("/phone-change-not-found"));
    }

    @Test
    void fiveWrongCodesEndTheChange() {
        String newPhone = newPhone();
        post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202);
        String code = inbox.latestCode(newPhone);
        String wrong = code.equals("999999") ? "999998" : "999999";
        for (int left = 4; left >= 1; left--) {
            post(till, customer, "phone-change/confirm", Map.of("code", wrong)).statusCode(422).body("tries_left", equalTo(left));
        }
        post(till, customer, "phone-change/confirm", Map.of("code", wrong)).statusCode(410)
                .body("type", endsWith("/phone-change-expired"));
        post(till, customer, "phone-change/confirm", Map.of("code", code)).statusCode(410);
        lookup(till, phone);
        assertEquals(0, audits("change-phone"));

        // a new request starts again
        post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202);
        post(till, customer, "phone-change/confirm", Map.of("code", inbox.latestCode(newPhone))).statusCode(200);
    }

    @Test
    void aCodeOlderThanTenMinutesIsExpired() {
        String newPhone = newPhone();
        post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202);
        fixtures.execute("UPDATE phone_changes SET expires_at = now() - interval '1 second' WHERE chain_id = ?", chain.id());
        post(till, customer, "phone-change/confirm", Map.of("code", inbox.latestCode(newPhone))).statusCode(410)
                .body("type", endsWith("/phone-change-expired"));
        lookup(till, phone);
    }

    @Test
    void aNewRequestReplacesThePendingOne() {
        String first = newPhone();
        String second = newPhone();
        post(till, customer, "phone-change", Map.of("phone", first)).statusCode(202);
        String firstCode = inbox.latestCode(first);
        post(till, customer, "phone-change", Map.of("phone", second)).statusCode(202);
        String secondCode = inbox.latestCode(second);
        if (!firstCode.equals(secondCode)) {
            post(till, customer, "phone-change/confirm", Map.of("code", firstCode)).statusCode(422);
        }
        post(till, customer, "phone-change/confirm", Map.of("code", secondCode)).statusCode(200);
        assertEquals(customer, lookup(till, second).getLong("customer_id"));
        as(till).queryParam("phone", first).get(CUSTOMERS + "/lookup").then().statusCode(404);
    }

    @Test
    void anotherCustomersPhoneIsRefusedAtRequestAndAtConfirm() {
        String taken = newPhone();
        enrol(till, taken);
        post(till, customer, "phone-change", Map.of("phone", taken)).statusCode(409).body("type", endsWith("/phone-taken"));
        assertTrue(inbox.received.isEmpty());

        String free = newPhone();
        post(till, customer, "phone-change", Map.of("phone", free)).statusCode(202);
        enrol(till, free); // someone enrols with it while the code travels
        post(till, customer, "phone-change/confirm", Map.of("code", inbox.latestCode(free))).statusCode(409)
                .body("type", endsWith("/phone-taken"));
        assertEquals(customer, lookup(till, phone).getLong("customer_id"));
    }

    @Test
    void badPhonesAndCodesAreA400NamingTheField() {
        for (Object body : new Object[] {Map.of(), Map.of("phone", "not a phone"), Map.of("phone", 79001234567L), Map.of("phone", phone)}) {
            post(till, customer, "phone-change", body).statusCode(400).body("errors[0].field", equalTo("phone"));
        }
        for (Object body : new Object[] {Map.of(), Map.of("code", "12345"), Map.of("code", "12345a"), Map.of("code", 123456)}) {
            post(till, customer, "phone-change/confirm", body).statusCode(400).body("errors[0].field", equalTo("code"));
        }
        assertTrue(inbox.received.isEmpty());
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM phone_changes WHERE chain_id = ?", chain.id()));
    }

    @Test
    void aGatewayThatIsAwayIsA503AndTheTillMayAskAgain() {
        inbox.down = true;
        String newPhone = newPhone();
        post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(503).body("type", endsWith("/unavailable"));
        inbox.down = false;
        post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202);
        post(till, customer, "phone-change/confirm", Map.of("code", inbox.latestCode(newPhone))).statusCode(200);
    }

    @Test
    void aSlowGatewayDoesNotHoldTheTillPastItsTimeOut() throws InterruptedException {
        inbox.delayMs = 1500;
        String newPhone = newPhone();
        long started = System.nanoTime();
        post(till, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1500, "answered before the gateway");
        Thread.sleep(1000);
        post(till, customer, "phone-change/confirm", Map.of("code", inbox.latestCode(newPhone))).statusCode(200);
    }

    @Test
    void aTillMaySendOnlySoManyCodesAnHour() {
        Fixtures.Till busy = fixtures.terminal(chain.id(), till.storeId(), till.storeCode());
        String newPhone = newPhone();
        for (int i = 0; i < 20; i++) {
            post(busy, customer, "phone-change", Map.of("phone", newPhone)).statusCode(202);
        }
        post(busy, customer, "phone-change", Map.of("phone", newPhone)).statusCode(429);
        assertEquals(20, inbox.received.size());
        assertNotEquals(0, inbox.latestCode(newPhone).length());
    }
}
