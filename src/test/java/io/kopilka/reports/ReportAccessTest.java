package io.kopilka.reports;

import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Every report endpoint and export as the wrong franchisee, as a franchisee without store_id, as another
 * chain's head office and without credentials: nobody sees a figure that is not theirs.
 */
@QuarkusTest
class ReportAccessTest {

    static final String BASE = "/api/reports/v1/";
    static final List<String> REPORTS = List.of("sales", "liability", "retention", "segments", "economics", "settlement");
    static final List<String> PATHS = REPORTS.stream()
            .flatMap(r -> java.util.stream.Stream.of(r, r + ".csv", r + ".xlsx")).toList();

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    Fixtures.Chain chain;
    Fixtures.Chain otherChain;
    Fixtures.Till a1;
    Fixtures.Till b1;
    Fixtures.Till h1;
    String alfaUser;
    String gammaUser;
    String p1;
    final String from = LocalDate.now(ZoneId.of("Europe/Moscow")).minusDays(30).toString();
    final String to = LocalDate.now(ZoneId.of("Europe/Moscow")).toString();

    @BeforeEach
    void setUp() throws Exception {
        chain = fixtures.chain();
        otherChain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Alfa");
        long beta = fixtures.franchisee(chain.id(), "Beta");
        long gamma = fixtures.franchisee(chain.id(), "Gamma");
        a1 = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        b1 = fixtures.till(chain.id(), "Europe/Moscow", beta);
        h1 = fixtures.till(chain.id(), "Europe/Moscow", null);
        fixtures.till(chain.id(), "Europe/Moscow", gamma);
        alfaUser = fixtures.franchiseeUser(chain.id(), alfa, "alfa-password");
        gammaUser = fixtures.franchiseeUser(chain.id(), gamma, "gamma-password");
        p1 = newPhone();
        String p2 = newPhone();
        long c1 = enrol(a1, p1);
        enrol(b1, p2);
        long lot = fixtures.queryLong("""
                INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, reason, available_at)
                VALUES (?, ?, 'adjustment', 500, ?, 'test', now() - interval '1 day') RETURNING id""",
                chain.id(), c1, a1.storeId());
        fixtures.execute("""
                INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining, available_at)
                VALUES (?, ?, ?, ?, 500, 500, now() - interval '1 day')""", chain.id(), lot, c1, a1.storeId());
        record(a1, receipt(newReceiptNo(), p1, null, 100000)).statusCode(201);
        record(b1, receipt(newReceiptNo(), p1, 100, 100000)).statusCode(201); // Alfa's points spent at Beta
        record(b1, receipt(newReceiptNo(), p2, null, 50000)).statusCode(201);
        record(h1, receipt(newReceiptNo(), null, null, 7000)).statusCode(201);
        rollups.refresh(Instant.now());
    }

    private static RequestSpecification as(String email, String password) {
        return given().auth().preemptive().basic(email, password);
    }

    private RequestSpecification headOffice() {
        return as(chain.adminEmail(), chain.adminPassword());
    }

    private Response get(RequestSpecification who, String path, Object storeId) {
        RequestSpecification r = who.queryParam("from", from).queryParam("to", to);
        if (storeId != null) {
            r = r.queryParam("store_id", storeId);
        }
        return r.get(BASE + path);
    }

    @Test
    void aStoreOfAnotherFranchiseeOrChainIsNotFoundOnEveryEndpoint() {
        for (String path : PATHS) {
            for (Object[] attempt : new Object[][] {
                    { as(alfaUser, "alfa-password"), b1.storeId() },
                    { as(alfaUser, "alfa-password"), h1.storeId() },
                    { as(otherChain.adminEmail(), otherChain.adminPassword()), a1.storeId() },
                    { as(alfaUser, "alfa-password"), 999_999_999L } }) {
                get((RequestSpecification) attempt[0], path, attempt[1]).then().statusCode(404)
                        .contentType("application/problem+json")
                        .body("type", endsWith("/store-not-found"));
            }
        }
    }

    @Test
    void anotherChainSeesNothingOfThisChain() {
        RequestSpecification other = as(otherChain.adminEmail(), otherChain.adminPassword());
        get(other, "sales", null).then().statusCode(200).body("rows.size()", equalTo(0)).body("totals.receipts", equalTo(0));
        get(other, "liability", null).then().statusCode(200).body("rows.size()", equalTo(0));
        get(other, "retention", null).then().statusCode(200).body("customers_at_end", equalTo(0))
                .body("new_customers", equalTo(0));
        get(other, "segments", null).then().statusCode(200).body("customers", equalTo(0))
                .body("top_customers.size()", equalTo(0));
        get(other, "economics", null).then().statusCode(200).body("points_earned", equalTo(0)).body("sales", equalTo(0));
        get(other, "settlement", null).then().statusCode(200).body("rows.size()", equalTo(0));
        for (String path : PATHS) {
            if (path.endsWith(".csv")) {
                String csv = get(other, path, null).then().statusCode(200).extract().asString();
                assertFalse(csv.contains(a1.storeCode()) || csv.contains(b1.storeCode()) || csv.contains("Alfa"), path + ": " + csv);
            }
        }
    }

    @Test
    void aFranchiseeWithoutStoreIdSeesOnlyItsStoresAndMaskedPhones() {
        RequestSpecification alfa = as(alfaUser, "alfa-password");
        JsonPath sales = get(alfa, "sales", null).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(a1.storeId()), sales.getList("rows.store_id", Long.class).stream().distinct().toList());
        assertEquals(1, sales.getInt("totals.receipts"));
        assertEquals(100000, sales.getLong("totals.sales"));
        assertEquals(List.of(a1.storeId()), get(alfa, "liability", null).then().statusCode(200).extract().jsonPath()
                .getList("rows.store_id", Long.class));
        JsonPath segments = get(alfa, "segments", null).then().statusCode(200).extract().jsonPath();
        assertEquals(1, segments.getInt("customers"), "only the customer who bought at Alfa's store");
        String masked = segments.getString("top_customers[0].phone");
        assertEquals("+7 *** ***-**-" + p1.substring(p1.length() - 2), masked);
        assertEquals(1, get(alfa, "retention", null).then().statusCode(200).extract().jsonPath().getInt("customers_at_end"));
        JsonPath settlement = get(alfa, "settlement", null).then().statusCode(200).extract().jsonPath();
        assertEquals(1, settlement.getList("rows").size());
        assertEquals("Alfa", settlement.getString("rows[0].earned_at_name"));
        assertEquals("Beta", settlement.getString("rows[0].redeemed_at_name"));
        assertEquals(100, settlement.getInt("rows[0].points"));
        // a franchisee that is neither side sees no settlement row
        get(as(gammaUser, "gamma-password"), "settlement", null).then().statusCode(200).body("rows.size()", equalTo(0));
        String csv = get(alfa, "sales.csv", null).then().statusCode(200).extract().asString();
        assertTrue(csv.contains("Store " + a1.storeCode()), csv);
        assertFalse(csv.contains("Store " + b1.storeCode()), csv);
        String topCsv = get(alfa, "segments.csv", null).then().statusCode(200).extract().asString();
        assertFalse(topCsv.contains(p1), "no full phone in a franchisee's export");
        assertTrue(topCsv.contains(masked), topCsv);
    }

    @Test
    void headOfficeSeesEveryStoreAndFullPhones() {
        JsonPath sales = get(headOffice(), "sales", null).then().statusCode(200).extract().jsonPath();
        assertEquals(4, sales.getInt("totals.receipts"));
        assertEquals(3, sales.getList("rows.store_id").stream().distinct().count());
        JsonPath segments = get(headOffice(), "segments", null).then().statusCode(200).extract().jsonPath();
        assertTrue(segments.getList("top_customers.phone").contains(p1));
        assertTrue(get(headOffice(), "segments.csv", null).then().statusCode(200).extract().asString().contains(p1));
        get(headOffice(), "sales", b1.storeId()).then().statusCode(200).body("totals.receipts", equalTo(2));
    }

    @Test
    void exportsAreFilesNamedAfterTheReportPeriodAndStore() {
        Response csv = get(headOffice(), "sales.csv", a1.storeId());
        csv.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"kopilka-sales-" + from + "_" + to + "-store-"
                        + a1.storeId() + "-store-" + a1.storeCode().toLowerCase() + ".csv\"");
        assertTrue(csv.asString().contains("Period,Store code,Store,Receipts"), csv.asString());
        Response xlsx = get(headOffice(), "retention.xlsx", null);
        xlsx.then().statusCode(200).header("Content-Disposition",
                "attachment; filename=\"kopilka-retention-" + from + "_" + to + "-all-stores.xlsx\"");
        byte[] bytes = xlsx.asByteArray();
        assertTrue(bytes.length > 100 && bytes[0] == 'P' && bytes[1] == 'K', "an XLSX is a zip");
    }

    @Test
    void badParametersAre400AndNoCredentials401() {
        headOffice().queryParam("to", to).get(BASE + "sales").then().statusCode(400).contentType("application/problem+json");
        headOffice().queryParam("from", to).queryParam("to", from).get(BASE + "retention").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        headOffice().queryParam("from", "2020-01-01").queryParam("to", "2023-06-01").get(BASE + "economics").then()
                .statusCode(400);
        headOffice().queryParam("from", from).queryParam("to", to).queryParam("granularity", "hour")
                .get(BASE + "sales").then().statusCode(400).body("errors[0].field", equalTo("granularity"));
        headOffice().queryParam("store_id", "abc").get(BASE + "liability").then().statusCode(400)
                .body("errors[0].field", equalTo("store_id"));
        headOffice().queryParam("from", from).queryParam("to", to).get(BASE + "sales.pdf").then().statusCode(404);
        headOffice().queryParam("from", from).queryParam("to", to).get(BASE + "nothing.csv").then().statusCode(404);
        for (String path : PATHS) {
            given().queryParam("from", from).queryParam("to", to).get(BASE + path).then().statusCode(401);
        }
    }
}
