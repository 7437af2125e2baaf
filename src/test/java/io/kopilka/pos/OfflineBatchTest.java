package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.minutesAgo;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.ledger.LedgerChecks;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Receipts taken while the register was offline: earn only, one result per item, in occurred_at order. */
@QuarkusTest
class OfflineBatchTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    Fixtures.Till till;
    String phone;
    long customerId;

    @BeforeEach
    void setUp() {
        till = fixtures.till(fixtures.chain().id());
        phone = newPhone();
        customerId = enrol(till, phone);
        PosApi.grant(fixtures, till.chainId(), customerId, 500);
    }

    private Map<String, Object> item(String occurredAt, Object redeem, long amount) {
        Map<String, Object> m = receiptMap(newReceiptNo(), phone, redeem, amount);
        m.put("occurred_at", occurredAt);
        return m;
    }

    private JsonPath batch(List<Map<String, Object>> items) {
        return as(till).body(json(Map.of("receipts", items))).post(PosApi.RECEIPTS + "/batch").then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void eachItemGetsItsOwnResultAndTheyAreRecordedInOccurredAtOrder() {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item(minutesAgo(10), null, 100000));               // 0: valid, later
        Map<String, Object> invalid = item(minutesAgo(30), null, 1000);
        invalid.put("lines", List.of(line("X", "food", "0", 1000)));
        items.add(invalid);                                          // 1: invalid qty
        items.add(item(minutesAgo(20), 10, 100000));                 // 2: redeems: refused offline
        items.add(item(minutesAgo(40), null, 20000));                // 3: valid, earliest
        Map<String, Object> anonymous = item(minutesAgo(15), null, 5000);
        anonymous.remove("customer");
        items.add(anonymous);                                        // 4: anonymous

        JsonPath r = batch(items);
        assertEquals(List.of(0, 1, 2, 3, 4), r.getList("results.index"));
        assertEquals(List.of(201, 400, 422, 201, 201), r.getList("results.status"));
        assertEquals(items.get(2).get("receipt_no"), r.getString("results[2].receipt_no"));
        assertTrue(r.getList("results[1].problem.errors.field").contains("receipts[1].lines[0].qty"),
                r.getList("results[1].problem.errors.field").toString());
        assertEquals("https://kopilka.io/problems/offline-redeem-not-allowed", r.getString("results[2].problem.type"));
        assertEquals(50, r.getInt("results[0].result.points_earned"));
        assertEquals(10, r.getInt("results[3].result.points_earned"));
        assertEquals(0, r.getInt("results[4].result.points_earned"));
        // the earliest receipt was recorded first
        assertTrue(r.getLong("results[3].result.receipt_id") < r.getLong("results[4].result.receipt_id"));
        assertTrue(r.getLong("results[4].result.receipt_id") < r.getLong("results[0].result.receipt_id"));

        assertArrayEquals(new long[] {500, 60, 0}, balance(till, phone), "offline receipts earn, never redeem");
        assertEquals(3, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ? AND offline", till.chainId()));
        assertEquals(0, ledger.entries(till.chainId(), customerId, "redeem").size());

        // the register sends the same batch again after a time-out: nothing is earned twice
        JsonPath replay = batch(items);
        assertEquals(List.of(200, 400, 422, 200, 200), replay.getList("results.status"));
        assertEquals(r.getLong("results[0].result.receipt_id"), replay.getLong("results[0].result.receipt_id"));
        assertArrayEquals(new long[] {500, 60, 0}, balance(till, phone));
        assertEquals(2, ledger.entries(till.chainId(), customerId, "earn").size());
        assertEquals(3, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", till.chainId()));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void offlineReceiptsCannotBeHeldAndTheBatchMustHaveItems() {
        Map<String, Object> heldItem = item(minutesAgo(5), null, 1000);
        heldItem.put("hold", true);
        JsonPath r = batch(List.of(heldItem));
        assertEquals(400, r.getInt("results[0].status"));
        assertTrue(r.getList("results[0].problem.errors.field").contains("receipts[0].hold"));

        as(till).body("{\"receipts\": []}").post(PosApi.RECEIPTS + "/batch").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("receipts"));
        as(till).body("{\"receipts\": {}}").post(PosApi.RECEIPTS + "/batch").then().statusCode(400)
                .body("errors.field", hasItem("receipts"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(item(minutesAgo(5), null, 100));
        }
        as(till).body(json(Map.of("receipts", tooMany))).post(PosApi.RECEIPTS + "/batch").then().statusCode(400)
                .body("errors.field", hasItem("receipts"));
        as(till).body("{\"receipts\": [1]}").post(PosApi.RECEIPTS + "/batch").then().statusCode(200)
                .body("results[0].status", equalTo(400));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", till.chainId()));
    }

    @Test
    void anOfflineReceiptOlderThanTheReturnWindowIsAvailableAtOnce() {
        JsonPath r = batch(List.of(item(minutesAgo(20 * 24 * 60), null, 100000)));
        assertEquals(201, r.getInt("results[0].status"));
        assertArrayEquals(new long[] {550, 0, 0}, balance(till, phone));
    }
}
