package io.kopilka.programme;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.programme.ProgrammeDocs.base;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class SimulationTest {

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;
    Fixtures.Till north;
    Fixtures.Till south;
    String today = LocalDate.now(ZoneId.of("Europe/Moscow")).toString();

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        north = fixtures.till(chain.id());
        south = fixtures.till(chain.id());
        String a = newPhone();
        String b = newPhone();
        long customerA = PosApi.enrol(north, a);
        PosApi.enrol(south, b);
        PosApi.grant(fixtures, chain.id(), customerA, 1000);
        sale(north, a, null, line("A", "food", "1", 100000), line("B", "dairy", "2", 100000));
        sale(north, a, 100, line("A", "food", "1", 100000));
        sale(south, b, null, line("A", "dairy", "0.5", 100000));
        sale(south, null, null, line("A", "food", "1", 100000));
        // another chain's receipts must never count
        Fixtures.Chain other = fixtures.chain();
        Fixtures.Till elsewhere = fixtures.till(other.id());
        String c = newPhone();
        PosApi.enrol(elsewhere, c);
        sale(elsewhere, c, null, line("A", "food", "1", 900000));
    }

    private void sale(Fixtures.Till till, String phone, Object redeem, Map<String, Object>... lines) {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, redeem);
        body.put("lines", List.of(lines));
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
    }

    private ValidatableResponse simulate(String programme) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json")
                .body("{\"programme\": " + programme + ", \"from\": \"" + today + "\", \"to\": \"" + today + "\"}")
                .post("/api/admin/v1/program/simulate").then();
    }

    @Test
    void theProgrammeInForceReproducesWhatHappened() {
        simulate(doc("bonus", base(5), "[]", "[]", "null")).statusCode(200)
                .body("total.receipts", equalTo(4))
                // 200000 x 5% = 100, (100000 - 10000) x 5% = 45, 100000 x 5% = 50: 195 earned; 100 redeemed
                .body("total.actual_points_earned", equalTo(195))
                .body("total.simulated_points_earned", equalTo(195))
                .body("total.actual_points_redeemed", equalTo(100))
                .body("total.simulated_points_redeemed", equalTo(100))
                .body("capped_redemptions", equalTo(0))
                .body("by_store.key", hasItem(north.storeCode()))
                .body("by_store.find { it.key == '" + south.storeCode() + "' }.figures.receipts", equalTo(2))
                .body("by_tier.key", hasItem("(anonymous)"))
                .body("by_tier.find { it.key == 'base' }.figures.receipts", equalTo(3));
    }

    @Test
    void aRicherDraftShowsItsCostAndACategoryExclusionItsSaving() {
        simulate(doc("bonus", base(10), "[]", "[]", "null")).statusCode(200)
                .body("total.actual_points_earned", equalTo(195))
                .body("total.simulated_points_earned", equalTo(390));
        simulate(doc("bonus", base(5), "[{\"category\": \"dairy\", \"earn\": false}]", "[]", "null")).statusCode(200)
                // without dairy: 50 + 45
                .body("total.simulated_points_earned", equalTo(95));
        simulate(doc("bonus", base(5), "[]", "[]", "null").replace("\"max_redeem_share_pct\": 30", "\"max_redeem_share_pct\": 0"))
                .statusCode(200)
                .body("total.simulated_points_redeemed", equalTo(0))
                .body("capped_redemptions", equalTo(1));
        simulate(doc("discount", base(5), "[]", "[]", "null")).statusCode(200)
                .body("total.simulated_points_earned", equalTo(0))
                .body("total.simulated_discount_minor", equalTo(20000));
    }

    @Test
    void badRequestsAreRefusedAndNothingIsWritten() {
        long versions = fixtures.queryLong("SELECT count(*) FROM program_versions WHERE chain_id = ?", chain.id());
        long receipts = fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", chain.id());
        simulate(doc("bonus", base(5), "[]", "[]", "null").replace("\"max_redeem_share_pct\": 30", "\"max_redeem_share_pct\": 130"))
                .statusCode(422).body("errors.field", hasItem("programme.max_redeem_share_pct"));
        given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json")
                .body("{\"programme\": " + doc("bonus", base(5), "[]", "[]", "null") + ", \"from\": \"2026-13-01\"}")
                .post("/api/admin/v1/program/simulate").then().statusCode(400)
                .body("errors.field", hasItem("from")).body("errors.field", hasItem("to"));
        long franchisee = fixtures.franchisee(chain.id(), "F");
        String email = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-password");
        given().auth().preemptive().basic(email, "franchisee-password").contentType("application/json")
                .body("{\"programme\": " + doc("bonus", base(5), "[]", "[]", "null") + ", \"from\": \"" + today + "\", \"to\": \"" + today + "\"}")
                .post("/api/admin/v1/program/simulate").then().statusCode(403);
        assertEquals(versions, fixtures.queryLong("SELECT count(*) FROM program_versions WHERE chain_id = ?", chain.id()));
        assertEquals(receipts, fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", chain.id()));
    }
}
