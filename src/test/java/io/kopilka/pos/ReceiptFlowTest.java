package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReceiptFlowTest {

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
    }

    void grant(long points) {
        PosApi.grant(fixtures, till.chainId(), customerId, points);
    }

    @Test
    void earnsFivePercentAsPendingPointsAndSplitsThemOverLines() {
        record(till, receipt(newReceiptNo(), phone, null, 17980, 25000))
                .statusCode(201)
                .body("status", equalTo("confirmed"))
                .body("rules_version", equalTo(1))
                .body("total_minor", equalTo(42980))
                .body("to_pay_minor", equalTo(42980))
                // floor(42980 * 5% / 100 kopecks per point) = 21
                .body("points_earned", equalTo(21))
                .body("lines", hasSize(2))
                .body("lines.points_earned.sum()", equalTo(21))
                .body("balance.available", equalTo(0))
                .body("balance.pending", equalTo(21))
                .body("points_earned_available_at", notNullValue());
    }

    @Test
    void redeemsAtMostThirtyPercentAndAllocatesExactlyOverLines() {
        grant(1000);
        // 30% of 10001 = 3000.3 kopecks -> 30 points of 100 kopecks
        record(till, receipt(newReceiptNo(), phone, "max", 3333, 3333, 3335))
                .statusCode(201)
                .body("points_redeemed", equalTo(30))
                .body("paid_by_points_minor", equalTo(3000))
                .body("lines.paid_by_points_minor.sum()", equalTo(3000))
                .body("to_pay_minor", equalTo(7001))
                // earn_on paid_amount: floor(7001 * 5% / 100) = 3
                .body("points_earned", equalTo(3))
                .body("balance.available", equalTo(970));
    }

    @Test
    void replayReturnsTheStoredResultAndNeverRedeemsTwice() {
        grant(100);
        String body = receipt(newReceiptNo(), phone, 50, 100000);
        long id = record(till, body).statusCode(201).extract().jsonPath().getLong("receipt_id");
        as(till).body(body).post("/api/pos/v1/receipts").then()
                .statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("receipt_id", equalTo((int) id))
                .body("points_redeemed", equalTo(50));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE customer_id = ? AND kind = 'redeem'", customerId));
        // 100 granted - 50 redeemed + 47 earned on the 95,000 paid in money
        assertEquals(97, fixtures.queryLong("SELECT sum(points_remaining) FROM point_lots WHERE customer_id = ?", customerId));
    }

    @Test
    void sameNumberWithADifferentBodyIsAConflict() {
        String no = newReceiptNo();
        record(till, receipt(no, phone, null, 1000)).statusCode(201);
        record(till, receipt(no, phone, null, 2000))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("receipt-conflict"));
    }

    @Test
    void redeemingMoreThanAvailableIsRefusedAndChangesNothing() {
        grant(10);
        record(till, receipt(newReceiptNo(), phone, 11, 100000))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("insufficient-points"));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE customer_id = ?", customerId));
    }

    @Test
    void calculateWritesNothing() {
        grant(100);
        as(till).body(receipt(newReceiptNo(), phone, "max", 100000)).post("/api/pos/v1/receipts/calculate").then()
                .statusCode(200)
                .body("status", equalTo("calculated"))
                .body("points_redeemed", equalTo(100));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE customer_id = ?", customerId));
        assertEquals(100, fixtures.queryLong("SELECT sum(points_remaining) FROM point_lots WHERE customer_id = ?", customerId));
    }
}
