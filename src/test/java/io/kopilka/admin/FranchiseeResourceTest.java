package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class FranchiseeResourceTest {

    @Inject
    Fixtures fixtures;

    @Test
    void headOfficeCreatesAndListsFranchisees() {
        Fixtures.Chain chain = fixtures.chain();
        int id = as(chain).body(Map.of("name", "  Sever LLC ")).post(BASE + "/franchisees")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("name", equalTo("Sever LLC"))
                .body("created_at", notNullValue())
                .extract().path("id");

        as(chain).get(BASE + "/franchisees").then().statusCode(200)
                .body("id", contains(id))
                .body("name", contains("Sever LLC"));
        assertEquals(1, fixtures.queryLong(
                "SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'franchisee' AND action = 'create' AND entity_id = ?",
                chain.id(), String.valueOf(id)));
    }

    @Test
    void franchiseeUserIsRefusedCreatesAndSeesOnlyItself() {
        Fixtures.Chain chain = fixtures.chain();
        long own = fixtures.franchisee(chain.id(), "Own");
        fixtures.franchisee(chain.id(), "Other");
        String email = fixtures.franchiseeUser(chain.id(), own, "franchisee-pass");

        as(email, "franchisee-pass").body(Map.of("name", "Mine")).post(BASE + "/franchisees")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/forbidden"));
        as(email, "franchisee-pass").get(BASE + "/franchisees").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].name", equalTo("Own"));
        assertEquals(2, fixtures.queryLong("SELECT count(*) FROM franchisees WHERE chain_id = ?", chain.id()));
    }

    @Test
    void otherChainsFranchiseesAreInvisible() {
        Fixtures.Chain a = fixtures.chain();
        Fixtures.Chain b = fixtures.chain();
        fixtures.franchisee(b.id(), "B's");
        as(a).get(BASE + "/franchisees").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        Fixtures.Chain chain = fixtures.chain();
        as(chain).body(Map.of()).post(BASE + "/franchisees")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name")).body("errors[0].message", equalTo("is required"));
        as(chain).body(Map.of("name", "x".repeat(129))).post(BASE + "/franchisees")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(chain).body("{\"name\": 42}").post(BASE + "/franchisees")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        as(chain).body("{\"name\": [\"a\"]}").post(BASE + "/franchisees")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        as(chain).body("{\"name\": ").post(BASE + "/franchisees")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/malformed-json"));
        as(chain).post(BASE + "/franchisees")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM franchisees WHERE chain_id = ?", chain.id()));
    }

    @Test
    void credentialsAreRequired() {
        Fixtures.Chain chain = fixtures.chain();
        given().contentType(ContentType.JSON).body(Map.of("name", "X")).post(BASE + "/franchisees")
                .then().statusCode(401).contentType("application/problem+json");
        as(chain.adminEmail(), "wrong-password").body(Map.of("name", "X")).post(BASE + "/franchisees")
                .then().statusCode(401).contentType("application/problem+json");
        // 401 comes before the body is even read
        as(chain.adminEmail(), "wrong-password").body("{not json").post(BASE + "/franchisees")
                .then().statusCode(401);
        given().get(BASE + "/franchisees").then().statusCode(401);
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM franchisees WHERE chain_id = ?", chain.id()));
    }
}
