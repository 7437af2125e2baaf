package io.kopilka.programme;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.programme.ProgrammeDocs.base;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.kopilka.programme.ProgrammeDocs.put;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.customers.Referrals;
import io.kopilka.ledger.LedgerChecks;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class ReferralAndBirthdayTest {

    private static final String REFERRAL = "{\"friend_points\": 100, \"referrer_points\": 300, \"min_receipt_minor\": 100000, \"monthly_cap\": 1}";

    @Inject
    Fixtures fixtures;

    @Inject
    Referrals referrals;

    @Inject
    LedgerChecks ledgerChecks;

    Fixtures.Chain chain;
    Fixtures.Till till;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        till = fixtures.till(chain.id(), "Europe/Moscow", null);
    }

    private void programme(String welcome, String birthday, String referral) {
        String d = doc("bonus", base(5), "[]", "[]", birthday)
                .replace("\"welcome_points\": 0", "\"welcome_points\": " + welcome)
                .replace("\"referral\": null", "\"referral\": " + referral);
        put(chain, d).statusCode(200);
    }

    private ValidatableResponse enrol(String body) {
        return as(till).body(body).post(PosApi.CUSTOMERS).then();
    }

    private long sale(String phone, long amount) {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null);
        body.put("lines", List.of(line("A", "food", "1", amount)));
        return as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201).extract().jsonPath().getLong("receipt_id");
    }

    private long points(long customerId, String kind) {
        return fixtures.queryLong("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE customer_id = ? AND kind = ?",
                customerId, kind);
    }

    private String rewardStatus(long friendId) {
        long code = fixtures.queryLong("""
                SELECT CASE status WHEN 'pending' THEN 1 WHEN 'granted' THEN 2 WHEN 'capped' THEN 3 WHEN 'void' THEN 4
                                   WHEN 'reversed' THEN 5 ELSE 0 END
                  FROM referral_rewards WHERE friend_id = ? UNION ALL SELECT 0 LIMIT 1""", friendId);
        return List.of("none", "pending", "granted", "capped", "void", "reversed").get((int) code);
    }

    @Test
    void welcomePointsAtEnrolmentOnce() {
        programme("50", "null", "null");
        String phone = newPhone();
        long id = enrol("{\"phone\": \"" + phone + "\", \"sms_consent\": true}").statusCode(201)
                .body("balance.available", equalTo(50)).extract().jsonPath().getLong("customer_id");
        enrol("{\"phone\": \"" + phone + "\", \"sms_consent\": true}").statusCode(409);
        assertEquals(50, points(id, "welcome"));
    }

    @Test
    void aFriendsFirstQualifyingReceiptPaysTheReferrerAfterTheReturnWindowWithinTheMonthlyCap() throws Exception {
        programme("0", "null", REFERRAL);
        String referrerPhone = newPhone();
        String code = enrol("{\"phone\": \"" + referrerPhone + "\", \"card\": \"CARD-R-" + referrerPhone + "\", \"sms_consent\": true}")
                .statusCode(201).extract().jsonPath().getString("referral_code");
        long referrer = PosApi.lookup(till, referrerPhone).getLong("customer_id");

        enrol("{\"phone\": \"" + referrerPhone + "\", \"sms_consent\": true, \"referral_code\": \"" + code + "\"}")
                .statusCode(422).body("type", equalTo("https://kopilka.io/problems/self-referral"));
        enrol("{\"phone\": \"" + newPhone() + "\", \"card\": \"CARD-R-" + referrerPhone + "\", \"sms_consent\": true, \"referral_code\": \"" + code + "\"}")
                .statusCode(422).body("detail", equalTo("The referral code belongs to the customer with this card"));

        String friendPhone = newPhone();
        long friend = enrol("{\"phone\": \"" + friendPhone + "\", \"sms_consent\": true, \"referral_code\": \"" + code.toLowerCase() + "\"}")
                .statusCode(201).body("balance.available", equalTo(100)).extract().jsonPath().getLong("customer_id");
        sale(friendPhone, 50000);
        assertEquals("none", rewardStatus(friend), "a receipt below the minimum does not qualify");
        sale(friendPhone, 150000);
        assertEquals("pending", rewardStatus(friend));

        referrals.grantDue(Instant.now());
        assertEquals("pending", rewardStatus(friend), "not before the return window has passed");
        referrals.grantDue(Instant.now().plus(15, ChronoUnit.DAYS));
        assertEquals("granted", rewardStatus(friend));
        assertEquals(300, points(referrer, "referral"));

        String secondFriend = newPhone();
        long second = enrol("{\"phone\": \"" + secondFriend + "\", \"sms_consent\": true, \"referral_code\": \"" + code + "\"}")
                .statusCode(201).extract().jsonPath().getLong("customer_id");
        sale(secondFriend, 150000);
        referrals.grantDue(Instant.now().plus(15, ChronoUnit.DAYS));
        assertEquals("capped", rewardStatus(second), "monthly cap of 1");
        assertEquals(300, points(referrer, "referral"));
        ledgerChecks.assertConsistent(chain.id());
    }

    @Test
    void aReturnedQualifyingReceiptPaysNothingOrTakesTheRewardBack() throws Exception {
        programme("0", "null", REFERRAL.replace("\"monthly_cap\": 1", "\"monthly_cap\": 10"));
        String referrerPhone = newPhone();
        String code = enrol("{\"phone\": \"" + referrerPhone + "\", \"sms_consent\": true}").statusCode(201)
                .extract().jsonPath().getString("referral_code");
        long referrer = PosApi.lookup(till, referrerPhone).getLong("customer_id");

        String early = newPhone();
        long earlyId = enrol("{\"phone\": \"" + early + "\", \"sms_consent\": true, \"referral_code\": \"" + code + "\"}")
                .statusCode(201).extract().jsonPath().getLong("customer_id");
        long earlyReceipt = sale(early, 150000);
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + earlyReceipt + "/returns").then().statusCode(201);
        assertEquals("void", rewardStatus(earlyId));

        String late = newPhone();
        long lateId = enrol("{\"phone\": \"" + late + "\", \"sms_consent\": true, \"referral_code\": \"" + code + "\"}")
                .statusCode(201).extract().jsonPath().getLong("customer_id");
        long lateReceipt = sale(late, 150000);
        referrals.grantDue(Instant.now().plus(15, ChronoUnit.DAYS));
        assertEquals(300, points(referrer, "referral"));
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + lateReceipt + "/returns").then().statusCode(201);
        assertEquals("reversed", rewardStatus(lateId));
        assertEquals(0, points(referrer, "referral"));
        ledgerChecks.assertConsistent(chain.id());
    }

    @Test
    void birthdayPointsOnTheFirstReceiptInTheWindowOncePerYear() {
        programme("0", "{\"points\": 200, \"multiplier\": null, \"window_days\": 3}", "null");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Moscow"));
        String phone = newPhone();
        long id = enrol("{\"phone\": \"" + phone + "\", \"sms_consent\": true, \"birth_date\": \"" + today.minusYears(25).plusDays(2) + "\"}")
                .statusCode(201).extract().jsonPath().getLong("customer_id");
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null);
        body.put("lines", List.of(line("A", "food", "1", 10000)));
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201)
                .body("messages", hasItem("Happy birthday! +200 points"))
                .body("balance.available", equalTo(200));
        Map<String, Object> again = receiptMap(newReceiptNo(), phone, null);
        again.put("lines", List.of(line("A", "food", "1", 10000)));
        as(till).body(json(again)).post(PosApi.RECEIPTS).then().statusCode(201)
                .body("messages", not(hasItem("Happy birthday! +200 points")));
        assertEquals(200, points(id, "birthday"));

        String later = newPhone();
        long laterId = enrol("{\"phone\": \"" + later + "\", \"sms_consent\": true, \"birth_date\": \"" + today.minusYears(25).plusDays(10) + "\"}")
                .statusCode(201).extract().jsonPath().getLong("customer_id");
        sale(later, 10000);
        assertEquals(0, points(laterId, "birthday"));
    }
}
