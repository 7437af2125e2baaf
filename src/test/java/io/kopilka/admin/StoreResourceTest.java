package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class StoreResourceTest {

    @Inject
    Fixtures fixtures;

    private static Map<String, Object> store(String code, String timezone, Object franchiseeId) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "Store " + code);
        body.put("timezone", timezone);
        if (franchiseeId != null) {
            body.put("franchisee_id", franchiseeId);
        }
        return body;
    }

    @Test
    void headOfficeCreatesReadsAndListsStores() {
        Fixtures.Chain chain = fixtures.chain();
        long franchisee = fixtures.franchisee(chain.id(), "Yug");
        int own = as(chain).body(store("0042", "Europe/Moscow", null)).post(BASE + "/stores")
                .then().statusCode(201)
                .extract().path("id");
        as(chain).body(store("0043", "Europe/Sofia", franchisee)).post(BASE + "/stores")
                .then().statusCode(201)
                .body("code", equalTo("0043"))
                .body("name", equalTo("Store 0043"))
                .body("timezone", equalTo("Europe/Sofia"))
                .body("franchisee_id", equalTo((int) franchisee))
                .body("created_at", notNullValue());

        as(chain).get(BASE + "/stores/" + own).then().statusCode(200)
                .body("id", equalTo(own)).body("code", equalTo("0042")).body("franchisee_id", nullValue());
        as(chain).get(BASE + "/stores").then().statusCode(200).body("code", contains("0042", "0043"));
        assertEquals(2, fixtures.queryLong(
                "SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'store' AND action = 'create'", chain.id()));
    }

    @Test
    void locationPointsAtTheNewStore() {
        Fixtures.Chain chain = fixtures.chain();
        var response = as(chain).body(store("L1", "Europe/Moscow", null)).post(BASE + "/stores").then().statusCode(201)
                .extract();
        int id = response.path("id");
        assertEquals(true, response.header("Location").endsWith("/api/admin/v1/stores/" + id));
    }

    @Test
    void duplicateCodeIsAConflictAndWritesNothing() {
        Fixtures.Chain chain = fixtures.chain();
        as(chain).body(store("0042", "Europe/Moscow", null)).post(BASE + "/stores").then().statusCode(201);
        as(chain).body(store("0042", "Europe/Sofia", null)).post(BASE + "/stores")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/store-code-taken"));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM stores WHERE chain_id = ?", chain.id()));

        // the same code in another chain is that chain's business
        Fixtures.Chain other = fixtures.chain();
        as(other).body(store("0042", "Europe/Moscow", null)).post(BASE + "/stores").then().statusCode(201);
    }

    @Test
    void invalidFieldsAreNamed() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        long foreignFranchisee = fixtures.franchisee(other.id(), "Not yours");

        as(chain).body(store("A1", "Mars/Olympus", null)).post(BASE + "/stores")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("timezone"));
        as(chain).body(store("A1", "+03:00", null)).post(BASE + "/stores")
                .then().statusCode(400).body("errors.field", contains("timezone"));
        as(chain).body(Map.of()).post(BASE + "/stores")
                .then().statusCode(400).body("errors.field", containsInAnyOrder("code", "name", "timezone"));
        as(chain).body(store("A1", "Europe/Moscow", foreignFranchisee)).post(BASE + "/stores")
                .then().statusCode(400).body("errors.field", contains("franchisee_id"));
        as(chain).body(store("A1", "Europe/Moscow", 999_999_999)).post(BASE + "/stores")
                .then().statusCode(400).body("errors.field", contains("franchisee_id"));
        Map<String, Object> longName = store("A1", "Europe/Moscow", null);
        longName.put("name", "n".repeat(129));
        as(chain).body(longName).post(BASE + "/stores")
                .then().statusCode(400).body("errors.field", contains("name"));
        as(chain).body(store("A 1!", "Europe/Moscow", null)).post(BASE + "/stores")
                .then().statusCode(400).body("errors.field", contains("code"));
        as(chain).body(store("A1", "Europe/Moscow", "7")).post(BASE + "/stores")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("franchisee_id"));
        as(chain).body(store("A1", "Europe/Moscow", 1.5)).post(BASE + "/stores")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("franchisee_id"));
        as(chain).body("{\"code\": \"A1\", \"name\": \"x\", \"timezone\": \"Europe/Moscow\"")
                .post(BASE + "/stores").then().statusCode(400).contentType("application/problem+json");
        as(chain).body("[1, 2]").post(BASE + "/stores").then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM stores WHERE chain_id = ?", chain.id()));
    }

    @Test
    void tenancyAndFranchiseeVisibility() {
        Fixtures.Chain chain = fixtures.chain();
        long mine = fixtures.franchisee(chain.id(), "Mine");
        long theirs = fixtures.franchisee(chain.id(), "Theirs");
        Fixtures.Till myStore = fixtures.till(chain.id(), "Europe/Moscow", mine);
        Fixtures.Till theirStore = fixtures.till(chain.id(), "Europe/Moscow", theirs);
        Fixtures.Till hoStore = fixtures.till(chain.id());
        String user = fixtures.franchiseeUser(chain.id(), mine, "franchisee-pass");

        as(user, "franchisee-pass").get(BASE + "/stores").then().statusCode(200)
                .body("id", contains((int) myStore.storeId()));
        as(user, "franchisee-pass").get(BASE + "/stores/" + myStore.storeId()).then().statusCode(200);
        as(user, "franchisee-pass").get(BASE + "/stores/" + theirStore.storeId()).then().statusCode(404)
                .contentType("application/problem+json");
        as(user, "franchisee-pass").get(BASE + "/stores/" + hoStore.storeId()).then().statusCode(404);
        as(user, "franchisee-pass").body(store("F1", "Europe/Moscow", mine)).post(BASE + "/stores")
                .then().statusCode(403).contentType("application/problem+json");

        Fixtures.Chain other = fixtures.chain();
        as(other).get(BASE + "/stores/" + myStore.storeId()).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://kopilka.io/problems/not-found"));
        as(other).get(BASE + "/stores/999999999").then().statusCode(404).body("type", equalTo("https://kopilka.io/problems/not-found"));
        as(other).get(BASE + "/stores").then().statusCode(200).body("$", org.hamcrest.Matchers.hasSize(0));
    }
}
