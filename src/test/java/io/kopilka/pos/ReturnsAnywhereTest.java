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
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.ledger.LedgerChecks;
import io.kopilka.reports.ReportRollups;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Returns at any store of the chain (docs/api/pos.md): the register finds the receipt by what is printed on it,
 * any store's terminal takes the return, which is recorded and reported at that store; cancel stays same store.
 */
@QuarkusTest
class ReturnsAnywhereTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    @Inject
    ReportRollups rollups;

    Fixtures.Chain chain;
    Fixtures.Till sold;
    Fixtures.Till returned;
    Fixtures.Till third;
    String phone;
    long customerId;
    String receiptNo;
    long receiptId;
    JsonPath receipt;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        sold = fixtures.till(chain.id());
        returned = fixtures.till(chain.id());
        third = fixtures.till(chain.id());
        phone = newPhone();
        customerId = enrol(sold, phone);
        PosApi.grant(fixtures, chain.id(), customerId, 1000);
        receiptNo = newReceiptNo();
        receipt = record(sold, receipt(receiptNo, phone, 100, 30000, 20000)).statusCode(201).extract().jsonPath();
        receiptId = receipt.getLong("receipt_id");
    }

    private static ValidatableResponse returnLine(Fixtures.Till till, long id, String returnNo, int line, String qty) {
        return as(till).body("{\"return_no\": \"" + returnNo + "\", \"lines\": [{\"line_index\": " + line
                + ", \"qty\": \"" + qty + "\"}]}").post(PosApi.RECEIPTS + "/" + id + "/returns").then();
    }

    private static ValidatableResponse lookup(Fixtures.Till till, String store, String number) {
        var r = as(till);
        if (store != null) {
            r = r.queryParam("store", store);
        }
        if (number != null) {
            r = r.queryParam("receipt_no", number);
        }
        return r.get(PosApi.RECEIPTS + "/lookup").then();
    }

    @Test
    void anyStoreOfTheChainFindsAReceiptByWhatIsPrintedOnIt() {
        lookup(returned, sold.storeCode(), receiptNo).statusCode(200)
                .body("receipt_id", equalTo((int) receiptId))
                .body("status", equalTo("confirmed"))
                .body("points_redeemed", equalTo(100))
                .body("points_earned", equalTo(receipt.getInt("points_earned")))
                .body("lines[1].final_amount_minor", equalTo(receipt.getInt("lines[1].final_amount_minor")));
        // the selling store's own till finds it the same way
        lookup(sold, sold.storeCode(), receiptNo).statusCode(200).body("receipt_id", equalTo((int) receiptId));

        lookup(returned, sold.storeCode(), "NO-SUCH-1").statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/not-found"));
        lookup(returned, "NOSTORE", receiptNo).statusCode(404).contentType("application/problem+json");
        // the number exists at the selling store, not at the store named
        lookup(sold, third.storeCode(), receiptNo).statusCode(404);

        lookup(returned, null, receiptNo).statusCode(400).body("errors.field", hasItem("store"));
        lookup(returned, sold.storeCode(), null).statusCode(400).body("errors.field", hasItem("receipt_no"));
        lookup(returned, null, null).statusCode(400).body("errors.field", hasItems("store", "receipt_no"));
        lookup(returned, "bad code", receiptNo).statusCode(400).body("errors.field", hasItem("store"));
        lookup(returned, sold.storeCode(), "x".repeat(65)).statusCode(400).body("errors.field", hasItem("receipt_no"));

        // another chain's terminal: the store code and the receipt are unknown there
        Fixtures.Till stranger = fixtures.till(fixtures.chain().id());
        lookup(stranger, sold.storeCode(), receiptNo).statusCode(404).contentType("application/problem+json");
        given().queryParam("store", sold.storeCode()).queryParam("receipt_no", receiptNo)
                .get(PosApi.RECEIPTS + "/lookup").then().statusCode(401);
    }

    @Test
    void aReturnAtAnotherStoreIsPostedThereAndIsIdempotentWhicheverStoreRetries() {
        long[] before = balance(sold, phone);
        JsonPath ret = returnLine(returned, receiptId, "R-1", 0, "1").statusCode(201)
                .body("receipt_id", equalTo((int) receiptId)).extract().jsonPath();
        long returnId = ret.getLong("return_id");
        long reversed = ret.getLong("points_reversed");
        long refunded = ret.getLong("points_refunded");
        assertEquals(receipt.getLong("lines[0].points_earned"), reversed, "the whole line's earned points");
        assertEquals(receipt.getLong("lines[0].paid_by_points_minor") / 100, refunded, "the line's points given back");
        assertTrue(reversed > 0 && refunded > 0);
        // earned points were still pending: the reversal takes them from there; the refund is available at once
        assertArrayEquals(new long[] {before[0] + refunded, before[1] - reversed, 0}, balance(returned, phone));

        // recorded at the store and till that took the return, and so are its ledger postings
        assertEquals(returned.storeId(), fixtures.queryLong(
                "SELECT store_id FROM receipt_returns WHERE chain_id = ? AND id = ?", chain.id(), returnId));
        assertEquals(returned.terminalId(), fixtures.queryLong(
                "SELECT terminal_id FROM receipt_returns WHERE chain_id = ? AND id = ?", chain.id(), returnId));
        assertEquals(2, fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND return_id = ? "
                + "AND store_id = ?", chain.id(), returnId, returned.storeId()));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND return_id = ? "
                + "AND store_id IS DISTINCT FROM ?", chain.id(), returnId, returned.storeId()));
        int entries = ledger.entries(chain.id(), customerId).size();
        long[] after = balance(sold, phone);

        // a retry of the same return from a third store is the stored answer, nothing more
        returnLine(third, receiptId, "R-1", 0, "1").statusCode(200).header("Idempotent-Replayed", "true")
                .body("return_id", equalTo((int) returnId)).body("points_reversed", equalTo((int) reversed));
        // the same number with other lines, from any store, is a conflict
        returnLine(sold, receiptId, "R-1", 1, "1").statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/return-conflict"));
        returnLine(third, receiptId, "R-1", 1, "1").statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/return-conflict"));
        assertEquals(entries, ledger.entries(chain.id(), customerId).size());
        assertArrayEquals(after, balance(sold, phone));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM receipt_returns WHERE chain_id = ? AND receipt_id = ?",
                chain.id(), receiptId));

        // more than was bought is refused wherever it is asked, counting the return made elsewhere
        returnLine(third, receiptId, "R-2", 0, "0.001").statusCode(422)
                .body("type", equalTo("https://kopilka.io/problems/return-exceeds-purchase"));
        ledger.assertConsistent(chain.id());
    }

    @Test
    void anotherChainsTerminalCannotReturnAndCancelStaysAtTheSellingStore() {
        Fixtures.Till stranger = fixtures.till(fixtures.chain().id());
        returnLine(stranger, receiptId, "R-1", 0, "1").statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/not-found"));
        // another store of the chain may neither cancel, confirm nor read the receipt by id
        as(returned).post(PosApi.RECEIPTS + "/" + receiptId + "/cancel").then().statusCode(404);
        as(returned).post(PosApi.RECEIPTS + "/" + receiptId + "/confirm").then().statusCode(404);
        as(returned).get(PosApi.RECEIPTS + "/" + receiptId).then().statusCode(404);
        // a bad return body from another store changes nothing
        as(returned).body("{\"return_no\": \"R-1\", \"lines\": []}").post(PosApi.RECEIPTS + "/" + receiptId + "/returns")
                .then().statusCode(400).body("errors.field", hasItem("lines"));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipt_returns WHERE chain_id = ?", chain.id()));
        as(sold).get(PosApi.RECEIPTS + "/" + receiptId).then().statusCode(200).body("status", equalTo("confirmed"));
        // the selling store still cancels it the same day
        as(sold).post(PosApi.RECEIPTS + "/" + receiptId + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }

    @Test
    void theSalesReportShowsTheReturnAtTheStoreThatTookIt() {
        JsonPath ret = returnLine(returned, receiptId, "R-1", 1, "1").statusCode(201).extract().jsonPath();
        long money = receipt.getLong("lines[1].final_amount_minor") + receipt.getLong("lines[1].paid_by_points_minor");
        rollups.refresh(Instant.now());
        String today = LocalDate.now(ZoneId.of("Europe/Moscow")).toString();
        JsonPath sales = given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword())
                .queryParam("from", today).queryParam("to", today).get("/api/reports/v1/sales")
                .then().statusCode(200).extract().jsonPath();
        String soldRow = "rows.find { it.store_id == " + sold.storeId() + " }.";
        String returnRow = "rows.find { it.store_id == " + returned.storeId() + " }.";
        assertEquals(1, sales.getInt(soldRow + "receipts"));
        assertEquals(50000, sales.getLong(soldRow + "sales"), "the selling store keeps its sale whole");
        assertEquals(0, sales.getLong(soldRow + "returns"));
        assertEquals(receipt.getLong("points_earned"), sales.getLong(soldRow + "points_earned"));
        assertEquals(100, sales.getLong(soldRow + "points_redeemed"));
        assertEquals(0, sales.getInt(returnRow + "receipts"));
        assertEquals(money, sales.getLong(returnRow + "returns"));
        assertEquals(-money, sales.getLong(returnRow + "sales"));
        assertEquals(-ret.getLong("points_reversed"), sales.getLong(returnRow + "points_earned"));
        assertEquals(-ret.getLong("points_refunded"), sales.getLong(returnRow + "points_redeemed"));
        assertEquals(50000 - money, sales.getLong("totals.sales"));
        assertEquals(money, sales.getLong("totals.returns"));
    }
}
