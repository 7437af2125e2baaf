package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.pos.PosApi.record;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.ledger.LedgerChecks;
import io.kopilka.ledger.LedgerEntryView;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/** Returns: earned points reversed and redeemed points given back, pro rata, idempotent, never more than bought. */
@QuarkusTest
class ReturnsTest {

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
    }

    private ValidatableResponse returnLines(long receiptId, String returnNo, Object... indexAndQty) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < indexAndQty.length; i += 2) {
            if (i > 0) {
                lines.append(',');
            }
            lines.append("{\"line_index\": ").append(indexAndQty[i]).append(", \"qty\": \"").append(indexAndQty[i + 1]).append("\"}");
        }
        return as(till).body("{\"return_no\": \"" + returnNo + "\", \"lines\": [" + lines + "]}")
                .post(PosApi.RECEIPTS + "/" + receiptId + "/returns").then();
    }

    @Test
    void partialReturnsInStepsReverseExactlyWhatTheReceiptEarnedAndRedeemed() {
        PosApi.grant(fixtures, till.chainId(), customerId, 1000);
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, "max");
        body.put("lines", List.of(line("MILK", "dairy", "3", 30000), line("BREAD", "bread", "1", 10000)));
        JsonPath receipt = record(till, json(body)).statusCode(201).extract().jsonPath();
        long id = receipt.getLong("receipt_id");
        long redeemed = receipt.getLong("points_redeemed");
        long earned = receipt.getLong("points_earned");
        long line0Earned = receipt.getLong("lines[0].points_earned");
        long line0Paid = receipt.getLong("lines[0].paid_by_points_minor");
        // 30% of 40000 = 12000 -> 120 points; 28000 paid in money -> 14 points
        assertEquals(120, redeemed);
        assertEquals(14, earned);
        assertArrayEquals(new long[] {880, 14, 0}, balance(till, phone));

        // one of the three units of line 0
        JsonPath first = returnLines(id, "R-1", 0, "1").statusCode(201)
                .body("points_reversed", equalTo((int) ((line0Earned + 2) / 3)))
                .body("points_refunded", equalTo((int) (line0Paid / 3 / 100)))
                .extract().jsonPath();
        long reversed1 = first.getLong("points_reversed");
        long refunded1 = first.getLong("points_refunded");
        assertTrue(reversed1 > 0 && refunded1 > 0);
        assertArrayEquals(new long[] {880 + refunded1, 14 - reversed1, 0}, balance(till, phone));

        // the rest of the receipt
        JsonPath rest = returnLines(id, "R-2", 0, "2", 1, "1").statusCode(201).extract().jsonPath();
        assertEquals(earned, reversed1 + rest.getLong("points_reversed"), "all returns together reverse what was earned");
        assertEquals(redeemed, refunded1 + rest.getLong("points_refunded"), "all returns together refund what was redeemed");
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        assertEquals(-earned, ledger.sum(till.chainId(), customerId, "earn_reversal"));
        assertEquals(redeemed, ledger.sum(till.chainId(), customerId, "redeem_refund"));

        // nothing is left to return
        returnLines(id, "R-3", 1, "0.001").statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/return-exceeds-purchase"));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void aReplayedReturnAnswersTheStoredResultAndChangesNothing() {
        long id = record(till, receipt(newReceiptNo(), phone, null, 20000, 20000)).statusCode(201)
                .extract().jsonPath().getLong("receipt_id");
        JsonPath first = returnLines(id, "R-1", 0, "1").statusCode(201).extract().jsonPath();
        int entries = ledger.entries(till.chainId(), customerId).size();
        long[] before = balance(till, phone);

        returnLines(id, "R-1", 0, "1").statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("return_id", equalTo(first.getInt("return_id")))
                .body("points_reversed", equalTo(first.getInt("points_reversed")));
        assertEquals(entries, ledger.entries(till.chainId(), customerId).size());
        assertArrayEquals(before, balance(till, phone));

        // the same return number with other lines is a conflict, not a second return
        returnLines(id, "R-1", 1, "1").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/return-conflict"));
        assertEquals(entries, ledger.entries(till.chainId(), customerId).size());
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM receipt_returns WHERE chain_id = ? AND receipt_id = ?",
                till.chainId(), id));
    }

    @Test
    void returningMoreThanWasBoughtIsRefused() {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null);
        body.put("lines", List.of(line("APPLES", "fruit", "0.452", 4520), line("MILK", "dairy", "2", 20000)));
        long id = record(till, json(body)).statusCode(201).extract().jsonPath().getLong("receipt_id");
        returnLines(id, "R-1", 0, "0.453").statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/return-exceeds-purchase"));
        returnLines(id, "R-2", 1, "1", 1, "1.5").statusCode(422)
                .body("type", equalTo("https://kopilka.io/problems/return-exceeds-purchase"));
        returnLines(id, "R-3", 5, "1").statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("lines[0].line_index"));
        returnLines(id, "R-4", 0, "0").statusCode(400).body("errors.field", hasItem("lines[0].qty"));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipt_returns WHERE chain_id = ? AND receipt_id = ?",
                till.chainId(), id));
        // a weighed line can be returned to the gram
        returnLines(id, "R-5", 0, "0.452").statusCode(201);
        returnLines(id, "R-6", 1, "1", 1, "1").statusCode(201);
        assertArrayEquals(new long[] {0, 0, 0}, balance(till, phone));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void aReturnAfterTheEarnedPointsWereSpentLeavesAFlaggedDebt() {
        long first = record(till, receipt(newReceiptNo(), phone, null, 100000)).statusCode(201)
                .body("points_earned", equalTo(50)).extract().jsonPath().getLong("receipt_id");
        // the return window passes: the 50 points become available ...
        fixtures.execute("UPDATE point_lots SET available_at = now() - interval '1 minute' WHERE chain_id = ? AND customer_id = ?",
                till.chainId(), customerId);
        assertArrayEquals(new long[] {50, 0, 0}, balance(till, phone));
        // ... and are spent
        record(till, receipt(newReceiptNo(), phone, 50, 20000)).statusCode(201).body("points_redeemed", equalTo(50));
        assertEquals(0, balance(till, phone)[0]);

        returnLines(first, "R-1", 0, "1").statusCode(201)
                .body("points_reversed", equalTo(50))
                .body("balance.available", equalTo(-50))
                .body("messages", hasItem(containsString("owes 50")));
        assertEquals(-50, balance(till, phone)[0]);
        List<LedgerEntryView> reversals = ledger.entries(till.chainId(), customerId, "earn_reversal");
        assertEquals(1, reversals.size());
        assertEquals(-50, reversals.get(0).points());
        assertTrue(reversals.get(0).flagged(), "the reversal that went below zero is flagged");
        assertTrue(ledger.entries(till.chainId(), customerId).stream()
                .filter(e -> !e.kind().equals("earn_reversal")).noneMatch(LedgerEntryView::flagged));
        ledger.assertConsistent(till.chainId());

        // the customer cannot spend while in debt
        record(till, receipt(newReceiptNo(), phone, 1, 100000)).statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/insufficient-points"));
    }

    @Test
    void pointsGivenBackPayForPointsTakenBackBeforeAnyDebt() {
        PosApi.grant(fixtures, till.chainId(), customerId, 100);
        // receipt A: 100 points paid, 90000 paid in money earns 45
        long a = record(till, receipt(newReceiptNo(), phone, 100, 100000)).statusCode(201)
                .body("points_earned", equalTo(45)).extract().jsonPath().getLong("receipt_id");
        fixtures.execute("UPDATE point_lots SET available_at = now() - interval '1 minute' WHERE chain_id = ? AND customer_id = ?",
                till.chainId(), customerId);
        // the 45 earned are spent on receipt B
        record(till, receipt(newReceiptNo(), phone, 45, 20000)).statusCode(201);
        assertEquals(0, balance(till, phone)[0]);

        // A comes back whole: 100 points return, 45 are taken back out of them; nobody owes anything
        returnLines(a, "R-1", 0, "1").statusCode(201)
                .body("points_reversed", equalTo(45))
                .body("points_refunded", equalTo(100))
                .body("balance.available", equalTo(55));
        assertEquals(55, balance(till, phone)[0]);
        assertTrue(ledger.entries(till.chainId(), customerId).stream().noneMatch(LedgerEntryView::flagged),
                "no debt was needed");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM ledger_debts WHERE chain_id = ?", till.chainId()));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void aReceiptConfirmedFromAHoldIsReturnedLikeAnyOther() {
        PosApi.grant(fixtures, till.chainId(), customerId, 1000);
        String body = receipt(newReceiptNo(), phone, 30, 10000).replaceFirst("\\{", "{\"hold\": true, ");
        long id = record(till, body).statusCode(201).extract().jsonPath().getLong("receipt_id");
        as(till).post(PosApi.RECEIPTS + "/" + id + "/confirm").then().statusCode(200);
        assertArrayEquals(new long[] {970, 3, 0}, balance(till, phone));
        returnLines(id, "R-1", 0, "1").statusCode(201)
                .body("points_reversed", equalTo(3)).body("points_refunded", equalTo(30));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void aHeldReceiptCannotBeReturned() {
        String body = receipt(newReceiptNo(), phone, null, 10000).replaceFirst("\\{", "{\"hold\": true, ");
        long id = record(till, body).statusCode(201).extract().jsonPath().getLong("receipt_id");
        returnLines(id, "R-1", 0, "1").statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/receipt-not-confirmed"));
    }

    @Test
    void getReceiptAnswersTheStoredResult() {
        PosApi.grant(fixtures, till.chainId(), customerId, 100);
        JsonPath recorded = record(till, receipt(newReceiptNo(), phone, 50, 30000, 20000)).statusCode(201)
                .extract().jsonPath();
        long id = recorded.getLong("receipt_id");
        as(till).get(PosApi.RECEIPTS + "/" + id).then().statusCode(200)
                .body("receipt_id", equalTo((int) id))
                .body("receipt_no", equalTo(recorded.getString("receipt_no")))
                .body("status", equalTo("confirmed"))
                .body("total_minor", equalTo(50000))
                .body("points_redeemed", equalTo(50))
                .body("paid_by_points_minor", equalTo(5000))
                .body("points_earned", equalTo(recorded.getInt("points_earned")))
                .body("lines.paid_by_points_minor", equalTo(recorded.getList("lines.paid_by_points_minor")));
        as(till).get(PosApi.RECEIPTS + "/999999999").then().statusCode(404).contentType("application/problem+json");
        as(till).get(PosApi.RECEIPTS + "/abc").then().statusCode(404).contentType("application/problem+json");
    }
}
