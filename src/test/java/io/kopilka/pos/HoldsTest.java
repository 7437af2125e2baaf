package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.post;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.checkout.ExpiredHolds;
import io.kopilka.ledger.LedgerChecks;
import io.kopilka.ledger.LedgerEntryView;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Two-phase receipts: hold, confirm, cancel, expiry, and cancelling a confirmed receipt on its day. */
@QuarkusTest
class HoldsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    @Inject
    ExpiredHolds expiredHolds;

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

    private String held(String receiptNo, Object redeem, long amount) {
        return receipt(receiptNo, phone, redeem, amount).replaceFirst("\\{", "{\"hold\": true, ");
    }

    private long hold(Object redeem, long amount) {
        return record(till, held(newReceiptNo(), redeem, amount)).statusCode(201)
                .body("status", equalTo("held"))
                .extract().jsonPath().getLong("receipt_id");
    }

    @Test
    void heldReceiptReservesPointsAndConfirmRedeemsAndEarns() {
        record(till, held(newReceiptNo(), 30, 10000))
                .statusCode(201)
                .body("status", equalTo("held"))
                .body("points_redeemed", equalTo(30))
                .body("hold_expires_at", notNullValue())
                .body("balance.available", equalTo(970))
                .body("balance.held", equalTo(30))
                .body("balance.pending", equalTo(0));
        long id = fixtures.queryLong("SELECT max(id) FROM receipts WHERE customer_id = ?", customerId);
        assertArrayEquals(new long[] {970, 0, 30}, balance(till, phone));
        assertEquals(0, ledger.entries(till.chainId(), customerId, "earn").size(), "nothing earned before payment");

        post(till, "/" + id + "/confirm").statusCode(200)
                .body("status", equalTo("confirmed"))
                .body("points_redeemed", equalTo(30))
                // paid 7000 in money: floor(7000 x 5% / 100) = 3
                .body("points_earned", equalTo(3))
                .body("balance.available", equalTo(970))
                .body("balance.pending", equalTo(3))
                .body("balance.held", equalTo(0));
        assertArrayEquals(new long[] {970, 3, 0}, balance(till, phone));
        as(till).get(PosApi.RECEIPTS + "/" + id).then().statusCode(200).body("status", equalTo("confirmed"));
        assertEquals(-30, ledger.sum(till.chainId(), customerId, "redeem"));
        assertEquals(3, ledger.sum(till.chainId(), customerId, "earn"));

        // A register retrying the confirmation changes nothing.
        int entries = ledger.entries(till.chainId(), customerId).size();
        post(till, "/" + id + "/confirm").statusCode(200).body("status", equalTo("confirmed"));
        assertEquals(entries, ledger.entries(till.chainId(), customerId).size());
        assertArrayEquals(new long[] {970, 3, 0}, balance(till, phone));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void cancellingAHeldReceiptGivesThePointsBack() {
        long id = hold(30, 10000);
        assertArrayEquals(new long[] {970, 0, 30}, balance(till, phone));
        post(till, "/" + id + "/cancel").statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("balance.available", equalTo(1000))
                .body("balance.held", equalTo(0));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        assertEquals(0, ledger.entries(till.chainId(), customerId, "earn").size());
        assertEquals(0, ledger.entries(till.chainId(), customerId, "redeem").size());
        as(till).get(PosApi.RECEIPTS + "/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        post(till, "/" + id + "/confirm").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/receipt-cancelled"));
        // cancelling again is harmless
        post(till, "/" + id + "/cancel").statusCode(200).body("status", equalTo("cancelled"));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void confirmingAfterTheHoldExpiredIsRefusedAndReleasesThePoints() {
        long id = hold(30, 10000);
        fixtures.execute("UPDATE receipts SET hold_expires_at = now() - interval '1 minute' WHERE chain_id = ? AND id = ?",
                till.chainId(), id);
        post(till, "/" + id + "/confirm").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/hold-expired"));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        as(till).get(PosApi.RECEIPTS + "/" + id).then().statusCode(200).body("status", equalTo("cancelled"));
        assertEquals(0, ledger.entries(till.chainId(), customerId, "earn").size());
        assertEquals(0, ledger.entries(till.chainId(), customerId, "redeem").size());
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void theSweeperReleasesExpiredHoldsOnly() throws SQLException {
        long expired = hold(30, 10000);
        long live = hold(20, 10000);
        assertArrayEquals(new long[] {950, 0, 50}, balance(till, phone));
        fixtures.execute("UPDATE receipts SET hold_expires_at = now() - interval '1 minute' WHERE chain_id = ? AND id = ?",
                till.chainId(), expired);
        assertTrue(expiredHolds.sweepExpired(Instant.now(), 10_000) >= 1);
        assertArrayEquals(new long[] {980, 0, 20}, balance(till, phone));
        as(till).get(PosApi.RECEIPTS + "/" + expired).then().statusCode(200).body("status", equalTo("cancelled"));
        as(till).get(PosApi.RECEIPTS + "/" + live).then().statusCode(200).body("status", equalTo("held"));
        // a register confirming late learns that the hold ran out, whoever released it
        post(till, "/" + expired + "/confirm").statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/hold-expired"));
        List<LedgerEntryView> releases = ledger.entries(till.chainId(), customerId, "release");
        assertEquals(1, releases.size());
        assertEquals(30, releases.get(0).points());
        // the live hold can still be confirmed
        post(till, "/" + live + "/confirm").statusCode(200).body("status", equalTo("confirmed"));
        assertArrayEquals(new long[] {980, 4, 0}, balance(till, phone));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void aNewReceiptCanSpendPointsOfAnExpiredHold() {
        long id = hold(300, 100000);
        assertArrayEquals(new long[] {700, 0, 300}, balance(till, phone));
        fixtures.execute("UPDATE receipts SET hold_expires_at = now() - interval '1 minute' WHERE chain_id = ? AND id = ?",
                till.chainId(), id);
        record(till, receipt(newReceiptNo(), phone, 1000, 400000)).statusCode(201).body("points_redeemed", equalTo(1000));
        assertEquals(0, balance(till, phone)[0]);
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void cancellingAConfirmedReceiptOnItsDayReversesEverything() {
        long id = record(till, receipt(newReceiptNo(), phone, 30, 10000)).statusCode(201)
                .body("points_earned", equalTo(3)).extract().jsonPath().getLong("receipt_id");
        assertArrayEquals(new long[] {970, 3, 0}, balance(till, phone));
        post(till, "/" + id + "/cancel").statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("balance.available", equalTo(1000))
                .body("balance.pending", equalTo(0));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        assertEquals(-3, ledger.sum(till.chainId(), customerId, "earn_reversal"));
        assertEquals(30, ledger.sum(till.chainId(), customerId, "redeem_refund"));
        // a second cancel does not reverse twice
        post(till, "/" + id + "/cancel").statusCode(200).body("status", equalTo("cancelled"));
        assertArrayEquals(new long[] {1000, 0, 0}, balance(till, phone));
        assertEquals(-3, ledger.sum(till.chainId(), customerId, "earn_reversal"));
        // a cancelled receipt cannot be returned
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + id + "/returns").then().statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/receipt-not-confirmed"));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void aConfirmedReceiptOfAnEarlierDayMustBeReturnedNotCancelled() {
        String body = receipt(newReceiptNo(), phone, null, 10000)
                .replaceFirst("\"occurred_at\": \"[^\"]+\"", "\"occurred_at\": \"" + PosApi.minutesAgo(3 * 24 * 60) + "\"");
        long id = record(till, body).statusCode(201).extract().jsonPath().getLong("receipt_id");
        post(till, "/" + id + "/cancel").statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/cancel-window-passed"));
        as(till).get(PosApi.RECEIPTS + "/" + id).then().statusCode(200).body("status", equalTo("confirmed"));
        assertEquals(5, ledger.sum(till.chainId(), customerId, "earn"));
        assertEquals(0, ledger.entries(till.chainId(), customerId, "earn_reversal").size());
    }

    @Test
    void aReceiptWithAReturnCannotBeCancelled() {
        long id = record(till, receipt(newReceiptNo(), phone, null, 10000, 10000)).statusCode(201)
                .extract().jsonPath().getLong("receipt_id");
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + id + "/returns").then().statusCode(201);
        post(till, "/" + id + "/cancel").statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/receipt-has-returns"));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void anonymousHeldReceiptsConfirmAndCancel() {
        String body = receipt(newReceiptNo(), null, null, 10000).replaceFirst("\\{", "{\"hold\": true, ");
        long id = record(till, body).statusCode(201).body("status", equalTo("held"))
                .body("points_earned", equalTo(0)).extract().jsonPath().getLong("receipt_id");
        post(till, "/" + id + "/confirm").statusCode(200).body("status", equalTo("confirmed"));
        body = receipt(newReceiptNo(), null, null, 10000).replaceFirst("\\{", "{\"hold\": true, ");
        id = record(till, body).statusCode(201).extract().jsonPath().getLong("receipt_id");
        post(till, "/" + id + "/cancel").statusCode(200).body("status", equalTo("cancelled"));
    }
}
