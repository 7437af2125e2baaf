package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class CustomerAdminResourceTest {

    @Inject
    Fixtures fixtures;

    private long customer(long chainId, String phone) {
        return fixtures.queryLong("""
                INSERT INTO customers (chain_id, phone, card, name, birth_date, referral_code, sms_consent, consent_at)
                VALUES (?, ?, ?, 'Anna', ?, ?, true, now()) RETURNING id""",
                chainId, phone, "C" + phone.substring(1), LocalDate.of(1990, 5, 17), "R" + phone.substring(5));
    }

    private long entries(long chainId, long customerId) {
        return fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND customer_id = ?", chainId,
                customerId);
    }

    @Test
    void findsACustomerByAnyLocalFormOfThePhone() {
        Fixtures.Chain chain = fixtures.chain();
        long id = customer(chain.id(), "+79001234567");

        as(chain).queryParam("phone", "8 900 123-45-67").get(BASE + "/customers").then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("phone", equalTo("+79001234567"))
                .body("card", equalTo("C79001234567"))
                .body("name", equalTo("Anna"))
                .body("birth_date", equalTo("1990-05-17"))
                .body("language", equalTo("ru"))
                .body("tier", equalTo("base"))
                .body("referral_code", notNullValue())
                .body("sms_consent", equalTo(true))
                .body("consent_at", notNullValue())
                .body("created_at", notNullValue())
                .body("balance.available", equalTo(0))
                .body("balance.pending", equalTo(0))
                .body("balance.held", equalTo(0));
        as(chain).queryParam("phone", "+7 (900) 123 45 67").get(BASE + "/customers").then().statusCode(200)
                .body("id", equalTo((int) id));
        as(chain).queryParam("card", "C79001234567").get(BASE + "/customers").then().statusCode(200)
                .body("id", equalTo((int) id));
        as(chain).get(BASE + "/customers/" + id).then().statusCode(200).body("phone", equalTo("+79001234567"));
    }

    @Test
    void unknownAndMalformedPhones() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        customer(other.id(), "+79001234567");

        as(chain).queryParam("phone", "+79001234567").get(BASE + "/customers").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://kopilka.io/problems/not-found"));
        as(chain).queryParam("phone", "not a phone").get(BASE + "/customers").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("phone"));
        as(chain).get(BASE + "/customers").then().statusCode(400).body("errors.field", contains("phone"));
    }

    @Test
    void adjustmentsAddAndTakePointsWithReasonAndUser() {
        Fixtures.Chain chain = fixtures.chain();
        long id = customer(chain.id(), "+79001234567");
        long adminId = fixtures.queryLong("SELECT id FROM users WHERE email = ?", chain.adminEmail());

        JsonPath added = as(chain).body(Map.of("points", 500, "reason", "Goodwill: broken yoghurt"))
                .post(BASE + "/customers/" + id + "/adjustments")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("customer_id", equalTo((int) id))
                .body("kind", equalTo("adjustment"))
                .body("points", equalTo(500))
                .body("reason", equalTo("Goodwill: broken yoghurt"))
                .body("user_id", equalTo((int) adminId))
                .body("balance.available", equalTo(500))
                .extract().jsonPath();
        Duration life = Duration.between(OffsetDateTime.parse(added.getString("available_at")),
                OffsetDateTime.parse(added.getString("expires_at")));
        assertEquals(365, life.toDays(), "positive adjustments expire after the programme's expiry_days");

        as(chain).body(Map.of("points", -200, "reason", "Correction")).post(BASE + "/customers/" + id + "/adjustments")
                .then().statusCode(201)
                .body("points", equalTo(-200))
                .body("expires_at", nullValue())
                .body("balance.available", equalTo(300));

        as(chain).body(Map.of("points", -301, "reason", "Too much")).post(BASE + "/customers/" + id + "/adjustments")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/insufficient-points"))
                .body("available", equalTo(300));
        assertEquals(2, entries(chain.id(), id), "a refused adjustment writes nothing");

        as(chain).get(BASE + "/customers/" + id + "/ledger").then().statusCode(200)
                .body("kind", contains("adjustment", "adjustment"))
                .body("points", contains(-200, 500))
                .body("reason", contains("Correction", "Goodwill: broken yoghurt"))
                .body("user_id", contains((int) adminId, (int) adminId));
        as(chain).queryParam("limit", 1).get(BASE + "/customers/" + id + "/ledger").then().statusCode(200)
                .body("points", contains(-200));
        as(chain).get(BASE + "/customers/" + id).then().body("balance.available", equalTo(300));

        as(chain).get(BASE + "/ledger/audit").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("customers_checked", equalTo(1))
                .body("entries_sum", equalTo(300))
                .body("lots_sum", equalTo(300));
        as(chain).queryParam("entity", "customer").get(BASE + "/audit").then().statusCode(200)
                .body("action", contains("adjust", "adjust"))
                .body("[0].entity_id", equalTo(String.valueOf(id)))
                .body("[0].user_email", equalTo(chain.adminEmail()))
                .body("[0].before.balance.available", equalTo(500))
                .body("[0].after.balance.available", equalTo(300));
    }

    @Test
    void adjustmentInputIsValidated() {
        Fixtures.Chain chain = fixtures.chain();
        long id = customer(chain.id(), "+79001234567");
        String url = BASE + "/customers/" + id + "/adjustments";

        as(chain).body(Map.of("points", 0, "reason", "x")).post(url).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("points"));
        as(chain).body(Map.of("reason", "x")).post(url).then().statusCode(400).body("errors.field", contains("points"));
        as(chain).body(Map.of("points", 10)).post(url).then().statusCode(400).body("errors.field", contains("reason"));
        as(chain).body(Map.of("points", 10, "reason", "r".repeat(257))).post(url).then().statusCode(400)
                .body("errors.field", contains("reason"));
        as(chain).body("{\"points\": 1.5, \"reason\": \"x\"}").post(url).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("points"));
        as(chain).body("{\"points\": \"10\", \"reason\": \"x\"}").post(url).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("points"));
        as(chain).body("{\"points\": 10, \"reason\": ").post(url).then().statusCode(400)
                .contentType("application/problem+json");
        as(chain).queryParam("limit", "many").get(BASE + "/customers/" + id + "/ledger").then().statusCode(400)
                .body("errors.field", contains("limit"));
        assertEquals(0, entries(chain.id(), id));
    }

    @Test
    void anotherChainsCustomerIsNotFound() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        long theirs = customer(other.id(), "+79001234567");

        as(chain).get(BASE + "/customers/" + theirs).then().statusCode(404).contentType("application/problem+json");
        as(chain).get(BASE + "/customers/" + theirs + "/ledger").then().statusCode(404);
        as(chain).body(Map.of("points", 100, "reason", "x")).post(BASE + "/customers/" + theirs + "/adjustments")
                .then().statusCode(404).contentType("application/problem+json");
        as(chain).get(BASE + "/customers/999999999").then().statusCode(404);
        assertEquals(0, entries(other.id(), theirs));
    }

    @Test
    void customersAreHeadOfficeOnly() {
        Fixtures.Chain chain = fixtures.chain();
        long id = customer(chain.id(), "+79001234567");
        long franchisee = fixtures.franchisee(chain.id(), "Yug");
        String user = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-pass");

        as(user, "franchisee-pass").queryParam("phone", "+79001234567").get(BASE + "/customers").then().statusCode(403)
                .contentType("application/problem+json");
        as(user, "franchisee-pass").get(BASE + "/customers/" + id).then().statusCode(403);
        as(user, "franchisee-pass").get(BASE + "/customers/" + id + "/ledger").then().statusCode(403);
        as(user, "franchisee-pass").body(Map.of("points", 100, "reason", "x")).post(BASE + "/customers/" + id + "/adjustments")
                .then().statusCode(403);
        assertEquals(0, entries(chain.id(), id));
    }
}
