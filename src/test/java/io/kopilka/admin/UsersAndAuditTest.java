package io.kopilka.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Head office revokes users and reads the audit log by entity, user and day, a page at a time. */
@QuarkusTest
class UsersAndAuditTest {

    static final String USERS = "/api/admin/v1/users";
    static final String AUDIT = "/api/admin/v1/audit";

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;
    long franchisee;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        franchisee = fixtures.franchisee(chain.id(), "Sever");
    }

    private RequestSpecification as(String email, String password) {
        return given().auth().preemptive().basic(email, password).contentType(ContentType.JSON);
    }

    private RequestSpecification headOffice() {
        return as(chain.adminEmail(), chain.adminPassword());
    }

    private long createUser(String email) {
        return headOffice().body(Map.of("email", email, "password", "long-enough-1", "role", "franchisee",
                "franchisee_id", franchisee)).post(USERS).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void aRevokedUserCannotSignInAndRevokingAgainChangesNothing() {
        String email = "sever-" + chain.id() + "@chain.test";
        long id = createUser(email);
        as(email, "long-enough-1").get("/api/reports/v1/customers/search?q=ab").then().statusCode(200);

        String at = headOffice().post(USERS + "/" + id + "/revoke").then().statusCode(200)
                .body("disabled_at", notNullValue()).extract().jsonPath().getString("disabled_at");
        as(email, "long-enough-1").get("/api/reports/v1/customers/search?q=ab").then().statusCode(401);
        headOffice().post(USERS + "/" + id + "/revoke").then().statusCode(200).body("disabled_at", equalTo(at));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'revoke' "
                + "AND entity = 'user' AND entity_id = ?", chain.id(), String.valueOf(id)));
    }

    @Test
    void nobodyRevokesThemselvesAnotherChainsUserOrAsAFranchisee() {
        long self = fixtures.queryLong("SELECT id FROM users WHERE chain_id = ? AND email = ?", chain.id(), chain.adminEmail());
        headOffice().post(USERS + "/" + self + "/revoke").then().statusCode(409).body("type", endsWith("/problems/revoke-self"));
        Fixtures.Chain other = fixtures.chain();
        as(other.adminEmail(), other.adminPassword()).post(USERS + "/" + self + "/revoke").then().statusCode(404);
        String email = "sever2-" + chain.id() + "@chain.test";
        long id = createUser(email);
        as(email, "long-enough-1").post(USERS + "/" + self + "/revoke").then().statusCode(403);
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM users WHERE id IN (?, ?) AND disabled_at IS NOT NULL", self, id));
    }

    @Test
    void theAuditLogFiltersByEntityUserAndDayAndPagesBackwards() {
        long first = createUser("a-" + chain.id() + "@chain.test");
        long second = createUser("b-" + chain.id() + "@chain.test");
        headOffice().body(Map.of("name", "Yug")).post("/api/admin/v1/franchisees").then().statusCode(201);
        long admin = fixtures.queryLong("SELECT id FROM users WHERE chain_id = ? AND email = ?", chain.id(), chain.adminEmail());
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        List<Integer> ids = headOffice().queryParam("entity", "user").queryParam("user_id", admin).queryParam("from", today)
                .queryParam("to", today).get(AUDIT).then().statusCode(200)
                .body("entity", everyItem(equalTo("user")))
                .body("entity_id", contains(String.valueOf(second), String.valueOf(first)))
                .extract().jsonPath().getList("id");
        headOffice().queryParam("entity", "user").queryParam("limit", "1").queryParam("before_id", ids.get(0)).get(AUDIT)
                .then().statusCode(200).body("entity_id", contains(String.valueOf(first)));
        headOffice().queryParam("to", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString()).get(AUDIT).then().statusCode(200)
                .body("", hasSize(0));
        headOffice().queryParam("entity", "franchisee").get(AUDIT).then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void badAuditFiltersAre400NamingTheParameter() {
        headOffice().queryParam("from", "06.12.2026").get(AUDIT).then().statusCode(400).body("errors[0].field", equalTo("from"));
        headOffice().queryParam("user_id", "x").get(AUDIT).then().statusCode(400).body("errors[0].field", equalTo("user_id"));
        headOffice().queryParam("before_id", "0").get(AUDIT).then().statusCode(400).body("errors[0].field", equalTo("before_id"));
        headOffice().queryParam("from", "2026-12-06").queryParam("to", "2026-12-01").get(AUDIT).then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
    }
}
