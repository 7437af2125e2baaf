package io.kopilka.programme;

import static io.kopilka.programme.ProgrammeDocs.base;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.kopilka.programme.ProgrammeDocs.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProgrammeVersionsTest {

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
    }

    private io.restassured.specification.RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
    }

    @Test
    void publishingCreatesAVersionThatReceiptsUseAndTheAuditRecords() {
        put(chain, doc("bonus", base(10), "[]", "[]", "null")).statusCode(200)
                .body("version", equalTo(2))
                .body("tiers[0].rate_pct", equalTo(10));
        admin().get("/api/admin/v1/program").then().statusCode(200).body("version", equalTo(2));
        admin().get("/api/admin/v1/program/versions").then().statusCode(200).body("version", hasItem(1))
                .body("version", hasItem(2));
        admin().get("/api/admin/v1/program/versions/1").then().statusCode(200)
                .body("tiers[0].rate_pct", equalTo(5));
        admin().get("/api/admin/v1/audit").then().statusCode(200)
                .body("findAll { it.entity == 'programme' }", hasSize(1))
                .body("find { it.entity == 'programme' }.before.tiers[0].rate_pct", equalTo(5))
                .body("find { it.entity == 'programme' }.after.tiers[0].rate_pct", equalTo(10));

        Fixtures.Till till = fixtures.till(chain.id());
        String phone = PosApi.newPhone();
        PosApi.enrol(till, phone);
        PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), phone, null, 100000)).statusCode(201)
                .body("rules_version", equalTo(2))
                .body("points_earned", equalTo(100));
    }

    @Test
    void aFutureVersionWaitsForItsDate() {
        String future = doc("bonus", base(10), "[]", "[]", "null")
                .replace("{\"point_value_minor\"", "{\"effective_from\": \"2099-01-01T00:00:00+03:00\", \"point_value_minor\"");
        put(chain, future).statusCode(200).body("version", equalTo(2));
        admin().get("/api/admin/v1/program").then().body("version", equalTo(1));
    }

    @Test
    void impossibleSettingsAreRefusedWithEveryFieldNamedAndNothingStored() {
        String overlapping = "[{\"code\": \"base\", \"name\": \"Base\", \"min_spend_minor\": 0, \"rate_pct\": 5},"
                + "{\"code\": \"silver\", \"name\": \"Silver\", \"min_spend_minor\": 0, \"rate_pct\": 7}]";
        put(chain, doc("bonus", overlapping, "[]", "[]", "null").replace("\"max_redeem_share_pct\": 30", "\"max_redeem_share_pct\": 101"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/invalid-programme"))
                .body("errors.field", hasItem("tiers[1].min_spend_minor"))
                .body("errors.field", hasItem("max_redeem_share_pct"));
        put(chain, doc("bonus", base(5), "[]", "[{\"category\": \"new\", \"factor\": 2, \"hours\": \"14:00-10:00\"}]", "null"))
                .statusCode(422).body("errors.field", hasItem("multipliers[0].hours"));
        put(chain, "{\"earn_mode\": \"bonus\"}").statusCode(400).body("errors.field", hasItem("tiers"));
        put(chain, doc("sometimes", base(5), "[]", "[]", "null")).statusCode(400).body("errors.field", hasItem("earn_mode"));
        put(chain, doc("bonus", "[]", "[]", "[]", "null")).statusCode(422).body("errors.field", hasItem("tiers"));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM program_versions WHERE chain_id = ?", chain.id()));
    }

    @Test
    void franchiseeUsersCannotPublish() {
        long franchisee = fixtures.franchisee(chain.id(), "F");
        String email = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-password");
        given().auth().preemptive().basic(email, "franchisee-password").contentType("application/json")
                .body(doc("bonus", base(10), "[]", "[]", "null")).put("/api/admin/v1/program").then()
                .statusCode(403);
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM program_versions WHERE chain_id = ?", chain.id()));
    }
}
