package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** A terminal key belongs to one store: other stores' and chains' receipts do not exist for it. */
@QuarkusTest
class AccessTest {

    @Inject
    Fixtures fixtures;

    private static final String RETURN = "{\"return_no\": \"R-1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}";

    @Test
    void anotherStoresReceiptIsNotFound() {
        long chain = fixtures.chain().id();
        Fixtures.Till a = fixtures.till(chain);
        Fixtures.Till b = fixtures.till(chain);
        String phone = newPhone();
        long customerId = enrol(b, phone);
        PosApi.grant(fixtures, chain, customerId, 1000);
        long held = record(b, receipt(newReceiptNo(), phone, 30, 10000).replaceFirst("\\{", "{\"hold\": true, "))
                .statusCode(201).extract().jsonPath().getLong("receipt_id");
        long confirmed = record(b, receipt(newReceiptNo(), phone, null, 10000)).statusCode(201)
                .extract().jsonPath().getLong("receipt_id");
        long[] before = balance(b, phone);

        assertAllNotFound(a, false, held, confirmed);
        // a return is the one change another store of the chain may make (ReturnsAnywhereTest): of a held receipt, refused
        as(a).body(RETURN).post(PosApi.RECEIPTS + "/" + held + "/returns").then().statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/receipt-not-confirmed"));
        // the customers of the chain are shared: the store-A terminal sees the same balance
        assertArrayEquals(before, balance(a, phone));
        as(b).get(PosApi.RECEIPTS + "/" + held).then().statusCode(200).body("status", equalTo("held"));
        as(b).get(PosApi.RECEIPTS + "/" + confirmed).then().statusCode(200).body("status", equalTo("confirmed"));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipt_returns WHERE chain_id = ?", chain));
    }

    @Test
    void anotherChainsReceiptsAndCustomersAreNotFound() {
        Fixtures.Till mine = fixtures.till(fixtures.chain().id());
        Fixtures.Till theirs = fixtures.till(fixtures.chain().id());
        String phone = newPhone();
        enrol(theirs, phone);
        long held = record(theirs, receipt(newReceiptNo(), phone, null, 10000).replaceFirst("\\{", "{\"hold\": true, "))
                .statusCode(201).extract().jsonPath().getLong("receipt_id");
        long confirmed = record(theirs, receipt(newReceiptNo(), phone, null, 10000)).statusCode(201)
                .extract().jsonPath().getLong("receipt_id");

        assertAllNotFound(mine, true, held, confirmed);
        as(mine).queryParam("phone", phone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404)
                .contentType("application/problem+json");
        record(mine, receipt(newReceiptNo(), phone, null, 10000)).statusCode(422)
                .body("type", equalTo("https://kopilka.io/problems/customer-not-found"));
        // the same phone is a different customer in my chain
        enrol(mine, phone);
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", mine.chainId()));
    }

    private void assertAllNotFound(Fixtures.Till intruder, boolean returnsToo, long held, long confirmed) {
        for (long id : new long[] {held, confirmed}) {
            notFound(as(intruder).get(PosApi.RECEIPTS + "/" + id).then());
            notFound(as(intruder).post(PosApi.RECEIPTS + "/" + id + "/confirm").then());
            notFound(as(intruder).post(PosApi.RECEIPTS + "/" + id + "/cancel").then());
            if (returnsToo) {
                notFound(as(intruder).body(RETURN).post(PosApi.RECEIPTS + "/" + id + "/returns").then());
            }
        }
    }

    private static void notFound(ValidatableResponse r) {
        r.statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/not-found"));
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        String phone = newPhone();
        enrol(till, phone);
        fixtures.execute("UPDATE terminals SET revoked_at = now() WHERE chain_id = ? AND id = ?", till.chainId(), till.terminalId());
        unauthorized(as(till).queryParam("phone", phone).get(PosApi.CUSTOMERS + "/lookup").then());
        unauthorized(record(till, receipt(newReceiptNo(), phone, null, 1000)));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", till.chainId()));
    }

    @Test
    void missingOrGarbageCredentialsAre401ProblemJson() {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        String body = receipt(newReceiptNo(), null, null, 1000);
        RequestSpecification[] specs = {
                given().contentType("application/json"),
                given().contentType("application/json").header("Authorization", "Bearer "),
                given().contentType("application/json").header("Authorization", "Bearer not-a-key"),
                given().contentType("application/json").header("Authorization", "Bearer " + "x".repeat(500)),
                given().contentType("application/json").header("Authorization", "Basic YWRtaW46YWRtaW4="),
                given().contentType("application/json").header("Authorization", till.key()),
                given().contentType("application/json").header("Authorization", "Bearer " + till.key() + "x"),
        };
        for (RequestSpecification spec : specs) {
            unauthorized(spec.body(body).post(PosApi.RECEIPTS).then());
        }
        unauthorized(given().get(PosApi.CUSTOMERS + "/lookup?phone=%2B79001234567").then());
        unauthorized(given().get(PosApi.RECEIPTS + "/1").then());
        unauthorized(given().contentType("application/json").body("{not json").post(PosApi.RECEIPTS).then());
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", till.chainId()));
        // the real key works
        record(till, body).statusCode(201);
    }

    private static void unauthorized(ValidatableResponse r) {
        r.statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/unauthorized"))
                .body("status", equalTo(401));
    }
}
