package io.kopilka.reports;

import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.admin.AdminApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Head office merges a duplicate card into the person's customer (docs/customers.md#merging-duplicates): from the
 * next refresh the reports count one customer with every receipt of both cards, and a campaign message sent to the
 * duplicate goes on counting the person's returns (docs/adr/0047-merged-customers-in-reports.md).
 */
@QuarkusTest
class MergedCustomerReportsTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    @Inject
    RollupChecks checks;

    @Test
    void aMergedDuplicateIsOneCustomerWithTheSurvivorAndItsMessageCountsThePersonsReturns() {
        Fixtures.Chain chain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Alfa");
        Fixtures.Till office = fixtures.till(chain.id(), "Europe/Moscow", null);
        Fixtures.Till alfaTill = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        String survivorPhone = newPhone();
        String duplicatePhone = newPhone();
        long survivor = enrol(office, survivorPhone);
        long duplicate = enrol(alfaTill, duplicatePhone);
        long campaign = messageSentTenDaysAgo(chain.id(), duplicate, duplicatePhone);

        record(office, receipt(newReceiptNo(), survivorPhone, null, 40_000)).statusCode(201);
        record(alfaTill, receipt(newReceiptNo(), duplicatePhone, null, 25_000)).statusCode(201);
        record(alfaTill, receipt(newReceiptNo(), duplicatePhone, null, 35_000)).statusCode(201);
        rollups.refreshChain(chain.id(), Instant.now());
        assertEquals(2, buyersThisMonth(chain), "two cards, not yet known to be one person");
        assertEquals(2, segments(chain).getLong("customers"));
        JsonPath uplift = uplift(chain, campaign);
        assertEquals(1, uplift.getLong("treated.returned"));
        assertEquals(2, uplift.getLong("treated.receipts"));

        AdminApi.as(chain).body(Map.of("from_customer_id", duplicate))
                .post("/api/admin/v1/customers/" + survivor + "/merge").then().statusCode(200);
        rollups.refreshChain(chain.id(), Instant.now());

        assertEquals(List.of(), RollupChecks.diff(checks.customersRaw(chain.id()), checks.customersRollup(chain.id())),
                "every customer row, head office's and Alfa's, equals the receipts as they are after the merge");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM report_customers WHERE chain_id = ? AND customer_id = ?",
                chain.id(), duplicate), "the duplicate is no customer of its own");
        assertEquals(1, buyersThisMonth(chain), "one person");
        JsonPath segments = segments(chain);
        assertEquals(1, segments.getLong("customers"));
        assertEquals(List.of(survivor), segments.getList("top_customers.customer_id", Long.class));
        assertEquals(List.of(fixtures.queryLong("SELECT sum(total_minor - discount_minor) FROM receipts WHERE chain_id = ?",
                chain.id())), segments.getList("top_customers.sales", Long.class), "both cards' spend");
        uplift = uplift(chain, campaign);
        assertEquals(1, uplift.getLong("treated.returned"), "the message still brought the person back");
        assertEquals(3, uplift.getLong("treated.receipts"), "every receipt of the person since the send, on either card");

        // the person comes back again with the survivor's card: the duplicate's message counts it
        record(office, receipt(newReceiptNo(), survivorPhone, null, 10_000)).statusCode(201);
        rollups.refreshChain(chain.id(), Instant.now());
        assertEquals(4, uplift(chain, campaign).getLong("treated.receipts"));
    }

    /** A delivered promo message to the customer, ten days ago. */
    private long messageSentTenDaysAgo(long chainId, long customerId, String phone) {
        Timestamp sent = Timestamp.from(Instant.now().minus(Duration.ofDays(10)));
        long campaign = fixtures.queryLong("""
                INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, send_at, launched_at, finished_at)
                VALUES (?, 'promo', 'Come back', 'done', '{}', '{"ru": "Ждём вас!"}', ?, ?, ?) RETURNING id""",
                chainId, sent, sent, sent);
        fixtures.execute("""
                INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, not_before, sent_at)
                VALUES (?, ?, ?, ?, 'ru', 'Ждём вас!', 1, 'delivered', ?, ?)""", chainId, campaign, customerId, phone, sent, sent);
        return campaign;
    }

    private static long buyersThisMonth(Fixtures.Chain chain) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Moscow"));
        return AdminApi.as(chain).queryParam("from", today.minusDays(29).toString()).queryParam("to", today.toString())
                .get("/api/reports/v1/retention").then().statusCode(200).extract().jsonPath()
                .getLong("customers_with_purchases");
    }

    private static JsonPath segments(Fixtures.Chain chain) {
        return AdminApi.as(chain).get("/api/reports/v1/segments").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath uplift(Fixtures.Chain chain, long campaign) {
        return AdminApi.as(chain).get(UpliftReportTest.PATH, campaign).then().statusCode(200)
                .extract().jsonPath();
    }
}
