package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.platform.Secrets;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class TerminalResourceTest {

    private static final String LOOKUP = "/api/pos/v1/customers/lookup?phone=+79001234567";

    @Inject
    Fixtures fixtures;

    @Test
    void createdKeyWorksAtTheTillUntilRevoked() {
        Fixtures.Chain chain = fixtures.chain();
        long storeId = fixtures.till(chain.id()).storeId();

        JsonPath created = as(chain).body(Map.of("name", "Till 2")).post(BASE + "/stores/" + storeId + "/terminals")
                .then().statusCode(201)
                .body("store_id", equalTo((int) storeId))
                .body("name", equalTo("Till 2"))
                .body("key", startsWith("kpk_"))
                .body("created_at", notNullValue())
                .extract().jsonPath();
        long id = created.getLong("id");
        String key = created.getString("key");
        assertEquals(id, created.getLong("terminal_id"));
        assertEquals(key.substring(0, 8), created.getString("key_prefix"));

        // only the hash is stored
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM terminals WHERE chain_id = ? AND id = ? AND key_hash = ?",
                chain.id(), id, Secrets.sha256(key)));

        int status = given().header("Authorization", "Bearer " + key).get(LOOKUP).then().extract().statusCode();
        assertEquals(true, status == 200 || status == 404, "the new key authenticates (got " + status + ")");

        as(chain).delete(BASE + "/terminals/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + key).get(LOOKUP).then().statusCode(401)
                .contentType("application/problem+json");
        as(chain).delete(BASE + "/terminals/" + id).then().statusCode(204);
        assertEquals(1, fixtures.queryLong(
                "SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'terminal' AND action = 'revoke' AND entity_id = ?",
                chain.id(), String.valueOf(id)));
    }

    @Test
    void listingNeverShowsTheKey() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        as(chain).delete(BASE + "/terminals/" + till.terminalId()).then().statusCode(204);

        as(chain).get(BASE + "/stores/" + till.storeId() + "/terminals").then().statusCode(200)
                .body("id", contains((int) till.terminalId()))
                .body("[0].key_prefix", equalTo(till.key().substring(0, 8)))
                .body("[0].revoked_at", notNullValue())
                .body("[0]", not(hasKey("key")))
                .body("[0]", not(hasKey("key_hash")));
        // the audit trail of a creation carries no key either
        String key = as(chain).body(Map.of("name", "T")).post(BASE + "/stores/" + till.storeId() + "/terminals")
                .then().statusCode(201).extract().path("key");
        as(chain).get(BASE + "/audit?entity=terminal").then().statusCode(200)
                .body("[0].action", equalTo("create"))
                .body("[0].after.key_prefix", equalTo(key.substring(0, 8)))
                .body("[0].after", not(hasKey("key")));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM audit_log WHERE position(? in after::text) > 0", key));
    }

    @Test
    void tenancyAndRoles() {
        Fixtures.Chain chain = fixtures.chain();
        long mine = fixtures.franchisee(chain.id(), "Mine");
        Fixtures.Till myTill = fixtures.till(chain.id(), "Europe/Moscow", mine);
        Fixtures.Till hoTill = fixtures.till(chain.id());
        String user = fixtures.franchiseeUser(chain.id(), mine, "franchisee-pass");

        as(user, "franchisee-pass").get(BASE + "/stores/" + myTill.storeId() + "/terminals").then().statusCode(200)
                .body("id", contains((int) myTill.terminalId()));
        as(user, "franchisee-pass").get(BASE + "/stores/" + hoTill.storeId() + "/terminals").then().statusCode(404);
        as(user, "franchisee-pass").body(Map.of("name", "T")).post(BASE + "/stores/" + myTill.storeId() + "/terminals")
                .then().statusCode(403).contentType("application/problem+json");
        as(user, "franchisee-pass").delete(BASE + "/terminals/" + myTill.terminalId()).then().statusCode(403);

        Fixtures.Chain other = fixtures.chain();
        as(other).get(BASE + "/stores/" + myTill.storeId() + "/terminals").then().statusCode(404)
                .contentType("application/problem+json");
        as(other).body(Map.of("name", "T")).post(BASE + "/stores/" + myTill.storeId() + "/terminals")
                .then().statusCode(404);
        as(other).delete(BASE + "/terminals/" + myTill.terminalId()).then().statusCode(404)
                .contentType("application/problem+json");
        as(other).delete(BASE + "/terminals/999999999").then().statusCode(404);

        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM terminals WHERE revoked_at IS NOT NULL AND chain_id = ?",
                chain.id()));
        assertEquals(2, fixtures.queryLong("SELECT count(*) FROM terminals WHERE chain_id = ?", chain.id()));
    }

    @Test
    void invalidNameIsNamed() {
        Fixtures.Chain chain = fixtures.chain();
        long storeId = fixtures.till(chain.id()).storeId();
        as(chain).body(Map.of()).post(BASE + "/stores/" + storeId + "/terminals")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("name"));
        as(chain).body(Map.of("name", "t".repeat(129))).post(BASE + "/stores/" + storeId + "/terminals")
                .then().statusCode(400).body("errors.field", contains("name"));
        as(chain).body("{\"name\": true}").post(BASE + "/stores/" + storeId + "/terminals")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("name"));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM terminals WHERE chain_id = ?", chain.id()));
        as(chain).get(BASE + "/stores/" + storeId + "/terminals").then().body("[0].revoked_at", nullValue());
    }
}
