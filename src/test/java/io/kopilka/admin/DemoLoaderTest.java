package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.app.demo.DemoChain;
import io.kopilka.app.demo.DemoHistory;
import io.kopilka.app.demo.DemoLoader;
import io.kopilka.app.demo.DemoSetup;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The demo's parts on the shared test database: the chain and a small year of history (the loader
 * itself refuses here, since the database already has chains).
 */
@QuarkusTest
class DemoLoaderTest {

    @Inject
    DemoLoader loader;

    @Inject
    DemoSetup setup;

    @Inject
    DemoHistory history;

    @Inject
    DataSource dataSource;

    @Inject
    Fixtures fixtures;

    @Test
    void demoChainWithAYearOfReceiptsRecordedThroughCheckout() throws Exception {
        long chainsBefore = fixtures.queryLong("SELECT count(*) FROM chains");
        assertNull(loader.loadIfEmpty(10), "the demo loads only into a database without chains");
        assertEquals(chainsBefore, fixtures.queryLong("SELECT count(*) FROM chains"));

        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        Instant start = end.minus(365, ChronoUnit.DAYS);
        DemoChain demo;
        try (Connection c = dataSource.getConnection()) {
            demo = setup.create(c, start.minus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC));
        }
        DemoHistory.Summary summary = history.load(demo, 60, start, end, 2, 7L);
        long chain = demo.chainId();

        assertEquals(0, summary.failures());
        assertEquals(3, fixtures.queryLong("SELECT count(*) FROM stores WHERE chain_id = ?", chain));
        assertEquals(2, fixtures.queryLong("SELECT count(DISTINCT timezone) FROM stores WHERE chain_id = ?", chain));
        assertEquals(2, fixtures.queryLong("SELECT count(*) FROM franchisees WHERE chain_id = ?", chain));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM stores WHERE chain_id = ? AND franchisee_id IS NULL", chain));
        assertEquals(summary.customers(), fixtures.queryLong("SELECT count(*) FROM customers WHERE chain_id = ?", chain));
        assertEquals(summary.customerReceipts() + summary.anonymousReceipts(),
                fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", chain));
        assertTrue(summary.customerReceipts() > summary.customers(), "members come back");
        assertTrue(summary.anonymousReceipts() > 0);
        assertTrue(fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ? AND occurred_at < now() - interval '300 days'",
                chain) > 0, "the history spans the year");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ? AND occurred_at > now()", chain));
        // every earning receipt has its earn entry and every redemption its redeem entry: written by checkout
        assertEquals(fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ? AND points_earned > 0", chain),
                fixtures.queryLong("SELECT count(DISTINCT receipt_id) FROM ledger_entries WHERE chain_id = ? AND kind = 'earn'", chain));
        assertTrue(fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND kind = 'redeem'", chain) > 0,
                "members spend points");
        assertEquals(fixtures.queryLong("SELECT coalesce(sum(points_redeemed), 0) FROM receipts WHERE chain_id = ?", chain),
                -fixtures.queryLong("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE chain_id = ? AND kind = 'redeem'", chain));

        DemoChain.User admin = demo.users().get(0);
        as(admin.email(), admin.password()).get(BASE + "/ledger/audit").then().statusCode(200)
                .body("ok", equalTo(true)).body("customers_checked", equalTo((int) summary.customers()));
        as(admin.email(), admin.password()).get(BASE + "/stores").then().statusCode(200)
                .body("code", contains("0001", "0002", "0101"));
        DemoChain.User sever = demo.users().stream().filter(u -> "ООО «Север Трейд»".equals(u.franchisee())).findFirst()
                .orElseThrow();
        as(sever.email(), sever.password()).get(BASE + "/stores").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].code", equalTo("0002"));

        String phone = loader.busiestCustomerPhone(chain);
        for (DemoChain.Store s : demo.stores()) {
            given().header("Authorization", "Bearer " + s.terminalKey()).queryParam("phone", phone)
                    .get("/api/pos/v1/customers/lookup").then().statusCode(200);
        }
    }
}
