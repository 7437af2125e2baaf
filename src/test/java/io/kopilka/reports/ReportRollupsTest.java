package io.kopilka.reports;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.minutesAgo;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.post;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.pos.PosApi.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.Housekeeping;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Varied receipts through the real POS API — earn, redeem, holds confirmed and cancelled, offline receipts
 * days late, partial returns, several stores, franchisees and time zones — then the refresher; every rollup
 * must equal the same figure computed from the raw tables. Then changes after the refresh (a return of an
 * already counted receipt, a late receipt, a confirmation, expiry), the nightly job, and the same check.
 */
@QuarkusTest
class ReportRollupsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    @Inject
    Housekeeping housekeeping;

    @Inject
    RollupChecks checks;

    private long chainId;

    private void assertRollupsMatchRawTables() {
        assertEquals(List.of(), RollupChecks.diff(checks.storeDaysRaw(chainId), checks.storeDaysRollup(chainId)), "store days");
        assertEquals(List.of(), RollupChecks.diff(checks.customersRaw(chainId), checks.customersRollup(chainId)), "customers");
        assertEquals(List.of(), RollupChecks.diff(checks.settlementRaw(chainId), checks.settlementRollup(chainId)), "settlement");
        assertEquals(List.of(), RollupChecks.diff(checks.liabilityRaw(chainId), checks.liabilityRollup(chainId)), "liability");
    }

    /** Spendable points earned at a store (a lot attributed to it), as a past receipt there would leave. */
    private void pointsEarnedAt(Fixtures.Till till, long customerId, long points, String expiresIn) {
        long entry = fixtures.queryLong("""
                INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, reason, available_at, expires_at)
                VALUES (?, ?, 'adjustment', ?, ?, 'test', now() - interval '1 day', now() + ?::interval) RETURNING id""",
                chainId, customerId, points, till.storeId(), expiresIn);
        fixtures.execute("""
                INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining, available_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, now() - interval '1 day', now() + ?::interval)""",
                chainId, entry, customerId, till.storeId(), points, points, expiresIn);
    }

    private long receiptId(Fixtures.Till till, String body) {
        return record(till, body).statusCode(201).extract().jsonPath().getLong("receipt_id");
    }

    private long hold(Fixtures.Till till, String phone, long redeem, long amount) {
        return receiptId(till, receipt(newReceiptNo(), phone, redeem, amount).replaceFirst("\\{", "{\"hold\": true, "));
    }

    private void offline(Fixtures.Till till, String phone, long minutesAgo, long amount) {
        Map<String, Object> m = receiptMap(newReceiptNo(), phone, null, amount);
        m.put("occurred_at", minutesAgo(minutesAgo));
        as(till).body(json(Map.of("receipts", List.of(m)))).post(PosApi.RECEIPTS + "/batch").then().statusCode(200);
    }

    private void returnLine(Fixtures.Till till, long receiptId, int line, String qty) {
        as(till).body("{\"return_no\": \"" + newReceiptNo() + "\", \"lines\": [{\"line_index\": " + line
                + ", \"qty\": \"" + qty + "\"}]}").post(PosApi.RECEIPTS + "/" + receiptId + "/returns").then().statusCode(201);
    }

    @Test
    void rollupsEqualTheRawTablesAfterEveryKindOfChange() throws Exception {
        chainId = fixtures.chain().id();
        long franchiseeA = fixtures.franchisee(chainId, "Alfa");
        long franchiseeB = fixtures.franchisee(chainId, "Beta");
        Fixtures.Till a1 = fixtures.till(chainId, "Europe/Moscow", franchiseeA);
        Fixtures.Till a2 = fixtures.till(chainId, "Asia/Vladivostok", franchiseeA);
        Fixtures.Till b1 = fixtures.till(chainId, "Europe/Moscow", franchiseeB);
        Fixtures.Till h1 = fixtures.till(chainId, "Europe/Kaliningrad", null);
        String p1 = newPhone();
        String p2 = newPhone();
        String p3 = newPhone();
        String p4 = newPhone();
        long c1 = enrol(a1, p1);
        enrol(a2, p2);
        long c3 = enrol(b1, p3);
        enrol(h1, p4);
        pointsEarnedAt(a1, c1, 1000, "1 year");

        long a1Receipt = receiptId(a1, receipt(newReceiptNo(), p1, null, 100000, 20000));
        receiptId(b1, receipt(newReceiptNo(), p1, 200, 100000));          // points of Alfa spent at Beta
        long a2Receipt = receiptId(a2, receipt(newReceiptNo(), p2, null, 30000, 20000));
        receiptId(a2, receipt(newReceiptNo(), p2, null, 5000));
        receiptId(h1, receipt(newReceiptNo(), null, null, 7000));          // no customer
        receiptId(b1, receipt(newReceiptNo(), p3, null, 64000));
        long confirmed = hold(b1, p1, 100, 40000);
        post(b1, "/" + confirmed + "/confirm").statusCode(200);
        long cancelled = hold(b1, p1, 50, 40000);
        post(b1, "/" + cancelled + "/cancel").statusCode(200);
        long stillHeld = hold(h1, p1, 10, 9000);
        offline(a1, p4, 3 * 24 * 60, 12000);                               // three days late
        offline(a1, p4, 2 * 24 * 60 + 30, 8000);
        returnLine(a2, a2Receipt, 1, "1");                                 // the 20000 line back

        ReportRollups.Result first = rollups.refresh(Instant.now());
        assertTrue(first.storeDays() > 0 && first.customers() > 0, first.toString());
        assertRollupsMatchRawTables();
        // a figure a person can check: Alfa's customer c1 bought at a1 and, on Beta's till, spent 200 + 100 points
        assertEquals(300, fixtures.queryLong("SELECT sum(points) FROM report_settlement_days WHERE chain_id = ? "
                + "AND earned_store_id = ? AND redeemed_store_id = ?", chainId, a1.storeId(), b1.storeId()));
        assertEquals(3, fixtures.queryLong("SELECT receipts FROM report_customers WHERE chain_id = ? AND customer_id = ? "
                + "AND scope_id = 0", chainId, c1), "the held receipt and the cancelled one do not count");
        assertEquals(1, fixtures.queryLong("SELECT receipts FROM report_customers WHERE chain_id = ? AND customer_id = ? "
                + "AND scope_id = ?", chainId, c1, franchiseeA));
        assertEquals(2, fixtures.queryLong("SELECT receipts FROM report_customers WHERE chain_id = ? AND customer_id = ? "
                + "AND scope_id = ?", chainId, c1, franchiseeB));

        // after the refresh: a return of a counted receipt, a confirmation, a late receipt, an enrolment, expiry
        returnLine(a1, a1Receipt, 0, "1");
        post(h1, "/" + stillHeld + "/confirm").statusCode(200);
        offline(b1, p3, 5 * 24 * 60, 15000);
        enrol(b1, newPhone());
        pointsEarnedAt(b1, c3, 70, "1 second");
        Thread.sleep(1100);
        Housekeeping.Summary nightly = housekeeping.run(Instant.now());
        assertTrue(nightly.reports().chains() >= 1, nightly.toString());
        assertRollupsMatchRawTables();
        assertTrue(fixtures.queryLong("SELECT sum(points_expired) FROM report_store_days WHERE chain_id = ? AND store_id = ?",
                chainId, b1.storeId()) >= 70, "the night's expired points are in the rollup");

        // running again changes nothing
        Map<String, String> before = checks.customersRollup(chainId);
        Map<String, String> days = checks.storeDaysRollup(chainId);
        rollups.refresh(Instant.now());
        assertEquals(before, checks.customersRollup(chainId));
        assertEquals(days, checks.storeDaysRollup(chainId));
    }
}
