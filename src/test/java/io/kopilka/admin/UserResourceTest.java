package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserResourceTest {

    @Inject
    Fixtures fixtures;

    private static String newEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@chain.test";
    }

    private static Map<String, Object> user(String email, String password, String role, Object franchiseeId) {
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("role", role);
        if (franchiseeId != null) {
            body.put("franchisee_id", franchiseeId);
        }
        return body;
    }

    @Test
    void createdUsersCanSignInWithTheirRole() {
        Fixtures.Chain chain = fixtures.chain();
        long franchisee = fixtures.franchisee(chain.id(), "Yug");
        Fixtures.Till franchiseeStore = fixtures.till(chain.id(), "Europe/Moscow", franchisee);
        fixtures.till(chain.id());
        String head = newEmail();
        String partner = newEmail();

        as(chain).body(user(head, "long-password-1", "head_office", null)).post(BASE + "/users")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("email", equalTo(head))
                .body("role", equalTo("head_office"))
                .body("franchisee_id", nullValue())
                .body("created_at", notNullValue())
                .body("$", not(hasKey("password")))
                .body("$", not(hasKey("password_hash")));
        as(chain).body(user(partner, "long-password-2", "franchisee", franchisee)).post(BASE + "/users")
                .then().statusCode(201).body("franchisee_id", equalTo((int) franchisee));

        as(head, "long-password-1").get(BASE + "/users").then().statusCode(200)
                .body("email", hasItem(partner))
                .body("[0]", not(hasKey("password_hash")));
        as(partner, "long-password-2").get(BASE + "/stores").then().statusCode(200)
                .body("id", contains((int) franchiseeStore.storeId()));
        as(partner, "long-password-2").get(BASE + "/users").then().statusCode(403);
        assertEquals(2, fixtures.queryLong(
                "SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'user' AND action = 'create'", chain.id()));
        assertEquals(0, fixtures.queryLong(
                "SELECT count(*) FROM audit_log WHERE chain_id = ? AND after::text LIKE '%long-password%'", chain.id()));
    }

    @Test
    void emailIsUniqueIgnoringCaseAcrossChains() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        String email = newEmail();
        as(chain).body(user(email, "long-password-1", "head_office", null)).post(BASE + "/users").then().statusCode(201);
        as(chain).body(user(email.toUpperCase(), "long-password-2", "head_office", null)).post(BASE + "/users")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/email-taken"));
        as(other).body(user(email, "long-password-2", "head_office", null)).post(BASE + "/users")
                .then().statusCode(409).body("type", equalTo("https://kopilka.io/problems/email-taken"));
        as(chain).body(user(chain.adminEmail(), "long-password-2", "head_office", null)).post(BASE + "/users")
                .then().statusCode(409);
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM users WHERE lower(email) = lower(?)", email));
    }

    @Test
    void invalidFieldsAreNamed() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        long franchisee = fixtures.franchisee(chain.id(), "Yug");
        long foreign = fixtures.franchisee(other.id(), "Not yours");

        as(chain).body(user(newEmail(), "short", "head_office", null)).post(BASE + "/users")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("password"));
        as(chain).body(user("not-an-email", "long-password-1", "head_office", null)).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("email"));
        as(chain).body(user("a".repeat(120) + "@chain.test", "long-password-1", "head_office", null)).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("email"));
        as(chain).body(user(newEmail(), "long-password-1", "owner", null)).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("role"));
        as(chain).body(user(newEmail(), "long-password-1", "franchisee", null)).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("franchisee_id"));
        as(chain).body(user(newEmail(), "long-password-1", "franchisee", foreign)).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("franchisee_id"));
        as(chain).body(user(newEmail(), "long-password-1", "head_office", franchisee)).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("franchisee_id"));
        as(chain).body(Map.of()).post(BASE + "/users")
                .then().statusCode(400).body("errors.field", contains("email", "password", "role"));
        as(chain).body(user(newEmail(), "long-password-1", "franchisee", "x")).post(BASE + "/users")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("franchisee_id"));
        as(chain).body(user(newEmail(), 1234567890123L, "head_office", null)).post(BASE + "/users")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", contains("password"));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM users WHERE chain_id = ?", chain.id()));
    }

    private static Map<String, Object> user(String email, long password, String role, Object franchiseeId) {
        Map<String, Object> body = user(email, "", role, franchiseeId);
        body.put("password", password);
        return body;
    }

    @Test
    void franchiseeUsersCannotCreateUsers() {
        Fixtures.Chain chain = fixtures.chain();
        long franchisee = fixtures.franchisee(chain.id(), "Yug");
        String partner = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-pass");
        as(partner, "franchisee-pass").body(user(newEmail(), "long-password-1", "franchisee", franchisee))
                .post(BASE + "/users").then().statusCode(403).contentType("application/problem+json");
        assertEquals(2, fixtures.queryLong("SELECT count(*) FROM users WHERE chain_id = ?", chain.id()));
    }
}
