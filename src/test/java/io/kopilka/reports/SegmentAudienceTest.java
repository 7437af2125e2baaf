package io.kopilka.reports;

import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** A campaign for "stars" reaches exactly the customers the segments report calls stars. */
@QuarkusTest
class SegmentAudienceTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    Fixtures.Chain chain;

    private RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType(ContentType.JSON);
    }

    private long buys(Fixtures.Till till, String phone, long amount) {
        return record(till, receipt(newReceiptNo(), phone, null, amount)).statusCode(201).extract().jsonPath()
                .getLong("receipt_id");
    }

    private int audience(String segment) {
        long id = admin().body("{\"name\": \"Segment " + segment + "\", \"templates\": {\"ru\": \"Привет\", \"en\": \"Hi\"},"
                + " \"send_at\": \"" + Instant.now().plusSeconds(86400) + "\", \"audience\": {\"segments\": [\"" + segment
                + "\"]}}").post("/api/admin/v1/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        return admin().post("/api/admin/v1/campaigns/" + id + "/preview").then().statusCode(200).extract().jsonPath()
                .getInt("audience");
    }

    @Test
    void campaignSegmentsAreTheReportsSegments() throws Exception {
        chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        long[] spends = { 500000, 20000, 30000, 40000, 50000, 60000, 70000, 80000, 90000 };
        for (long spend : spends) {
            String phone = newPhone();
            enrol(till, phone);
            buys(till, phone, spend);
        }
        // a long relationship: first bought 200 days ago (moved back in time here; the POS accepts 30 days)
        String star = newPhone();
        enrol(till, star);
        long old = buys(till, star, 300000);
        buys(till, star, 300000);
        fixtures.execute("UPDATE receipts SET occurred_at = occurred_at - interval '200 days' WHERE chain_id = ? AND id = ?",
                chain.id(), old);
        // returns dominate
        String returner = newPhone();
        enrol(till, returner);
        long returned = buys(till, returner, 100000);
        PosApi.as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + returned + "/returns").then().statusCode(201);
        rollups.refresh(Instant.now());

        JsonPath report = admin().get("/api/reports/v1/segments").then().statusCode(200).extract().jsonPath();
        assertEquals(11, report.getInt("customers"));
        for (Rfm.Segment s : Rfm.Segment.values()) {
            assertEquals(report.getInt("segments.find { it.segment == '" + s + "' }.customers"), audience(s.name()), s.name());
        }
        assertEquals(1, audience("stars"), "the customer of 200 days who spent most");
        assertEquals(1, audience("problem"), "the customer who returned everything");
        assertEquals(star, fixtures.queryString("SELECT phone FROM customers WHERE chain_id = ? AND id = ?", chain.id(),
                report.getLong("top_customers[0].customer_id")));
        assertEquals("stars", report.getString("top_customers[0].segment"));
    }
}
