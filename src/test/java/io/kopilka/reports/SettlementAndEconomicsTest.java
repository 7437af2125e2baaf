package io.kopilka.reports;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.ledger.ExpiryJob;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Settlement between franchisees when points spent at one's store come back by a return, and the economics card
 * recomputed from the raw rows (docs/reports.md, "Settlement" and "Economics: bonus versus discount").
 */
@QuarkusTest
class SettlementAndEconomicsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    @Inject
    RollupChecks checks;

    @Inject
    ExpiryJob expiry;

    @Inject
    DataSource dataSource;

    private final String today = LocalDate.now(ZoneId.of("Europe/Moscow")).toString();

    private JsonPath report(Fixtures.Chain chain, String path) {
        rollups.refresh(Instant.now());
        return staff(chain.adminEmail(), chain.adminPassword()).queryParam("from", today).queryParam("to", today)
                .get("/api/reports/v1/" + path).then().statusCode(200).extract().jsonPath();
    }

    private static RequestSpecification staff(String email, String password) {
        return given().auth().preemptive().basic(email, password);
    }

    private static void returnOne(Fixtures.Till till, long receiptId, String returnNo) {
        as(till).body("{\"return_no\": \"" + returnNo + "\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + receiptId + "/returns").then().statusCode(201);
    }

    private void assertRollupsMatchRawTables(long chainId) {
        assertEquals(List.of(), RollupChecks.diff(checks.storeDaysRaw(chainId), checks.storeDaysRollup(chainId)));
        assertEquals(List.of(), RollupChecks.diff(checks.settlementRaw(chainId), checks.settlementRollup(chainId)));
        assertEquals(List.of(), RollupChecks.diff(checks.liabilityRaw(chainId), checks.liabilityRollup(chainId)));
    }

    @Test
    void aReturnOfPointsSpentAtAnotherFranchiseeMovesTheDebtBack() {
        Fixtures.Chain chain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Alfa");
        long beta = fixtures.franchisee(chain.id(), "Beta");
        Fixtures.Till a1 = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        Fixtures.Till b1 = fixtures.till(chain.id(), "Europe/Moscow", beta);
        String betaUser = fixtures.franchiseeUser(chain.id(), beta, "beta-password");
        String phone = newPhone();
        long customer = enrol(a1, phone);
        // 1000 spendable points earned at Alfa's store
        long lot = fixtures.queryLong("""
                INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, reason, available_at, expires_at)
                VALUES (?, ?, 'adjustment', 1000, ?, 'earned earlier', now() - interval '1 day', now() + interval '1 year')
                RETURNING id""", chain.id(), customer, a1.storeId());
        fixtures.execute("""
                INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining, available_at, expires_at)
                VALUES (?, ?, ?, ?, 1000, 1000, now() - interval '1 day', now() + interval '1 year')""",
                chain.id(), lot, customer, a1.storeId());

        // two units at Beta's store, 200 points spent on them
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, 200);
        body.put("lines", List.of(line("KETTLE", "home", "2", 100000)));
        long receiptId = record(b1, json(body)).statusCode(201).extract().jsonPath().getLong("receipt_id");
        JsonPath settlement = report(chain, "settlement");
        assertEquals(1, settlement.getList("rows").size());
        assertEquals("Alfa", settlement.getString("rows[0].earned_at_name"));
        assertEquals("Beta", settlement.getString("rows[0].redeemed_at_name"));
        assertEquals(200, settlement.getLong("rows[0].points"));
        assertEquals(20000, settlement.getLong("rows[0].value"));

        // one unit comes back at Beta's store: half the points go back to the customer, and onto Alfa's books
        returnOne(b1, receiptId, "R-1");
        settlement = report(chain, "settlement");
        assertEquals(100, settlement.getLong("rows[0].points"), "the debt shrinks by the points given back");
        JsonPath betaView = staff(betaUser, "beta-password").queryParam("from", today).queryParam("to", today)
                .get("/api/reports/v1/settlement").then().statusCode(200).extract().jsonPath();
        assertEquals(100, betaView.getLong("rows[0].points"), "the franchisee sees the same row");
        assertEquals(a1.storeId(), fixtures.queryLong("""
                SELECT l.store_id FROM ledger_entries e JOIN point_lots l ON l.chain_id = e.chain_id AND l.id = e.id
                 WHERE e.chain_id = ? AND e.kind = 'redeem_refund'""", chain.id()), "the refunded lot is Alfa's again");
        assertEquals(b1.storeId(), fixtures.queryLong(
                "SELECT store_id FROM ledger_entries WHERE chain_id = ? AND kind = 'redeem_refund'", chain.id()),
                "the entry is where the return was taken");
        JsonPath liability = report(chain, "liability");
        assertEquals(900, liability.getLong("rows.find { it.store_id == " + a1.storeId() + " }.points_outstanding"),
                "Alfa carries its 800 unspent points and the 100 given back");
        assertRollupsMatchRawTables(chain.id());

        // the other unit comes back at Alfa's own store: nothing is owed any more
        returnOne(a1, receiptId, "R-2");
        assertEquals(0, report(chain, "settlement").getList("rows").size());
        assertEquals(1000, report(chain, "liability")
                .getLong("rows.find { it.store_id == " + a1.storeId() + " }.points_outstanding"));
        assertRollupsMatchRawTables(chain.id());
    }

    @Test
    void economicsFollowsThePeriodsEarnedPointsToWhatBecameOfThem() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String p1 = newPhone();
        String p2 = newPhone();
        enrol(till, p1);
        enrol(till, p2);
        record(till, receipt(newReceiptNo(), p1, null, 100000)).statusCode(201); // 5 % of 1000.00: 50 points
        Map<String, Object> body = receiptMap(newReceiptNo(), p2, null);
        body.put("lines", List.of(line("TEA", "food", "2", 60000)));
        long r2 = record(till, json(body)).statusCode(201).extract().jsonPath().getLong("receipt_id"); // 30 points
        // the return window has passed for both
        fixtures.execute("UPDATE point_lots SET available_at = now() - interval '1 minute' WHERE chain_id = ? AND id IN "
                + "(SELECT id FROM ledger_entries WHERE chain_id = ? AND kind = 'earn')", chain.id(), chain.id());
        record(till, receipt(newReceiptNo(), p1, 20, 10000)).statusCode(201);  // 20 of r1's points spent; earns 4
        returnOne(till, r2, "R-1");                                             // 15 of r2's points taken back
        fixtures.execute("UPDATE point_lots SET expires_at = now() - interval '1 second' WHERE chain_id = ? AND id = "
                + "(SELECT id FROM ledger_entries WHERE chain_id = ? AND kind = 'earn' AND receipt_id = ?)",
                chain.id(), chain.id(), r2);
        expiry.expireAll(Instant.now());                                        // r2's other 15 expire

        JsonPath sales = report(chain, "sales");
        JsonPath e = report(chain, "economics");
        long[] fates = fatesFromRawRows(chain.id());
        assertEquals(fates[0], e.getLong("points_earned"));
        assertEquals(fates[1], e.getLong("points_redeemed"));
        assertEquals(fates[2], e.getLong("points_expired"));
        assertEquals(fates[3], e.getLong("liability_points"));
        long pointValue = e.getLong("point_value_minor");
        assertEquals(fates[0] * pointValue, e.getLong("equivalent_discount_cost"));
        assertEquals((fates[1] + fates[3]) * pointValue, e.getLong("programme_cost"));
        assertEquals(e.getLong("equivalent_discount_cost") - e.getLong("programme_cost"), e.getLong("difference"));
        assertEquals(sales.getLong("totals.sales"), e.getLong("sales"));
        assertEquals(Math.round(10000.0 * e.getLong("programme_cost") / e.getLong("sales")) / 100.0,
                e.getDouble("cost_share_of_sales"), 0.0001);
        // the same figures a person works out: 50 + 30 + 4 earned, 15 of them returned; 20 spent; 15 expired
        assertEquals(69, e.getLong("points_earned"));
        assertEquals(20, e.getLong("points_redeemed"));
        assertEquals(15, e.getLong("points_expired"));
        assertEquals(34, e.getLong("liability_points"));
        assertEquals(1500, e.getLong("difference"), "the expired points are what the bonus saved");
    }

    /** earned (net of returns), redeemed, expired, outstanding of the chain's receipts' earn lots, in plain Java. */
    private long[] fatesFromRawRows(long chainId) {
        Map<Long, long[]> lots = new HashMap<>(); // lot id -> initial, remaining
        Map<Long, Map<String, Long>> used = new HashMap<>();
        try (var c = dataSource.getConnection()) {
            try (var ps = c.prepareStatement("""
                    SELECT l.id, l.points_initial, l.points_remaining FROM point_lots l, ledger_entries e, receipts r
                     WHERE l.chain_id = ? AND e.chain_id = l.chain_id AND e.id = l.id AND e.kind = 'earn'
                       AND r.chain_id = e.chain_id AND r.id = e.receipt_id AND r.status = 'confirmed'""")) {
                ps.setLong(1, chainId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lots.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
            try (var ps = c.prepareStatement("""
                    SELECT u.lot_id, e.kind, u.points FROM lot_consumptions u, ledger_entries e
                     WHERE u.chain_id = ? AND e.chain_id = u.chain_id AND e.id = u.entry_id""")) {
                ps.setLong(1, chainId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        used.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                    }
                }
            }
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
        long[] out = new long[4];
        lots.forEach((id, l) -> {
            Map<String, Long> u = used.getOrDefault(id, Map.of());
            out[0] += l[0] - u.getOrDefault("earn_reversal", 0L);
            out[1] += u.getOrDefault("redeem", 0L);
            out[2] += u.getOrDefault("expire", 0L);
            out[3] += Math.max(l[1], 0);
        });
        return out;
    }
}
