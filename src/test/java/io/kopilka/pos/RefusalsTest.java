package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.pos.PosApi.record;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Business refusals reach the register as 409/422 problems with stable types, and change nothing. */
@QuarkusTest
class RefusalsTest {

    @Inject
    Fixtures fixtures;

    Fixtures.Till till;
    String phone;
    long customerId;

    @BeforeEach
    void setUp() {
        till = fixtures.till(fixtures.chain().id());
        phone = newPhone();
        customerId = enrol(till, phone);
        PosApi.grant(fixtures, till.chainId(), customerId, 1000);
    }

    private void refused(String body, int status, String type) {
        for (String path : new String[] {"", "/calculate"}) {
            ValidatableResponse r = as(till).body(body).post(PosApi.RECEIPTS + path).then();
            r.statusCode(status).contentType("application/problem+json")
                    .body("type", equalTo("https://kopilka.io/problems/" + type))
                    .body("title", notNullValue()).body("detail", notNullValue());
        }
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", till.chainId()));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
    }

    @Test
    void moreThanTheRedeemShare() {
        refused(receipt(newReceiptNo(), phone, 31, 10000), 422, "redeem-limit-exceeded");
    }

    @Test
    void moreThanAvailable() {
        refused(receipt(newReceiptNo(), phone, 1001, 1000000), 409, "insufficient-points");
    }

    @Test
    void anonymousReceiptsCannotRedeem() {
        refused(receipt(newReceiptNo(), null, 10, 10000), 422, "customer-required");
        refused(receipt(newReceiptNo(), null, "max", 10000), 422, "customer-required");
    }

    @Test
    void unknownCustomer() {
        refused(receipt(newReceiptNo(), "+79009999999", null, 10000), 422, "customer-not-found");
        Map<String, Object> body = receiptMap(newReceiptNo(), null, null, 10000);
        body.put("customer", Map.of("card", "NO-SUCH-CARD"));
        refused(json(body), 422, "customer-not-found");
    }

    @Test
    void discountModeOnABonusProgramme() {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null, 10000);
        body.put("mode", "discount");
        refused(json(body), 422, "mode-not-available");
    }

    @Test
    void anonymousReceiptIsRecordedAndEarnsNothing() {
        record(till, receipt(newReceiptNo(), null, null, 10000)).statusCode(201)
                .body("points_earned", equalTo(0)).body("to_pay_minor", equalTo(10000));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ? AND customer_id IS NULL",
                till.chainId()));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND kind = 'earn'",
                till.chainId()));
    }

    @Test
    void customerByIdAndByCardEarnForTheSameCustomer() {
        Map<String, Object> body = receiptMap(newReceiptNo(), null, null, 10000);
        body.put("customer", Map.of("customer_id", customerId));
        record(till, json(body)).statusCode(201).body("customer_id", equalTo((int) customerId))
                .body("points_earned", equalTo(5));
        assertArrayEquals(new long[] {1000, 5, 0}, balance(till, phone));
    }
}
