package io.kopilka.webhooks;

import static io.kopilka.webhooks.WebhookReceiver.BASE;
import static io.kopilka.webhooks.WebhookReceiver.as;
import static io.kopilka.webhooks.WebhookReceiver.endpoint;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Head office's webhook endpoints through the API: validation, the secret shown once, tenancy, audit. */
@QuarkusTest
class WebhookApiTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Inject
    Fixtures fixtures;

    @Test
    void theSecretIsShownOnceAndNeverAgainNorStoredAsItIs() {
        Fixtures.Chain chain = fixtures.chain();
        JsonPath created = as(chain).body(endpoint(URL, "receipt.confirmed", "customer.enrolled")).post(BASE)
                .then().statusCode(201)
                .body("url", equalTo(URL))
                .body("events", contains("receipt.confirmed", "customer.enrolled"))
                .body("enabled", equalTo(true))
                .body("secret", startsWith("whsec_"))
                .extract().jsonPath();
        long id = created.getLong("id");
        String secret = created.getString("secret");
        int bytes = Base64.getDecoder().decode(secret.substring(6)).length;
        assertTrue(bytes >= 24 && bytes <= 32, "24 to 32 random bytes, got " + bytes);

        as(chain).get(BASE + "/" + id).then().statusCode(200).body("$", not(hasKey("secret")))
                .body("id", equalTo((int) id));
        as(chain).get(BASE).then().statusCode(200).body("[0]", not(hasKey("secret"))).body("id", contains((int) id));
        String everything = fixtures.queryString("SELECT string_agg(secret_sealed, ' ') FROM webhook_endpoints WHERE chain_id = ?",
                chain.id());
        assertFalse(everything.contains(secret.substring(6)), "sealed at rest");
        assertTrue(everything.startsWith("gcm:"));
        String audit = fixtures.queryString("SELECT string_agg(coalesce(after::text, '') || coalesce(before::text, ''), ' ')"
                + " FROM audit_log WHERE chain_id = ? AND entity = 'webhook'", chain.id());
        assertTrue(audit.contains(URL), "the creation is audited");
        assertFalse(audit.contains(secret.substring(6)), "the audit trail has no secret");
    }

    @Test
    void aSecretGivenByHeadOfficeIsKeptAndAMalformedOneRefused() {
        Fixtures.Chain chain = fixtures.chain();
        String own = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
        as(chain).body(Map.of("url", URL, "events", List.of("points.adjusted"), "secret", own)).post(BASE)
                .then().statusCode(201).body("secret", equalTo(own));
        as(chain).body(Map.of("url", URL, "events", List.of("points.adjusted"), "secret", "whsec_c2hvcnQ=")).post(BASE)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/validation-failed"))
                .body("errors.field", hasItem("secret"));
    }

    @Test
    void badUrlsAndEventsAreRefusedNamingTheFieldAndChangeNothing() {
        Fixtures.Chain chain = fixtures.chain();
        as(chain).body(endpoint("ftp://example.com/x", "receipt.confirmed")).post(BASE).then().statusCode(400)
                .body("errors.field", hasItem("url"));
        as(chain).body(endpoint(URL, "receipt.stolen")).post(BASE).then().statusCode(400)
                .body("errors.field", hasItem("events"));
        as(chain).body(Map.of("url", URL, "events", List.of())).post(BASE).then().statusCode(400)
                .body("errors.field", hasItem("events"));
        as(chain).body(Map.of("events", List.of("receipt.confirmed"))).post(BASE).then().statusCode(400)
                .body("errors.field", hasItem("url"));
        as(chain).get(BASE).then().statusCode(200).body("size()", equalTo(0));
        long id = as(chain).body(endpoint(URL, "receipt.confirmed")).post(BASE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        as(chain).get(BASE + "/" + id + "/deliveries?status=lost").then().statusCode(400)
                .body("errors.field", hasItem("status"));
        as(chain).get(BASE + "/" + id + "/deliveries?before_id=-1").then().statusCode(400)
                .body("errors.field", hasItem("before_id"));
    }

    @Test
    void anotherChainsEndpointIsUnknownAndFranchiseesMayNotTouchAny() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        long id = as(chain).body(endpoint(URL, "receipt.confirmed")).post(BASE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        as(other).get(BASE + "/" + id).then().statusCode(404);
        as(other).body(Map.of("enabled", false)).patch(BASE + "/" + id).then().statusCode(404);
        as(other).delete(BASE + "/" + id).then().statusCode(404);
        as(other).get(BASE + "/" + id + "/deliveries").then().statusCode(404);
        as(other).post(BASE + "/" + id + "/deliveries/1/retry").then().statusCode(404);
        as(other).get(BASE).then().statusCode(200).body("size()", equalTo(0));

        long franchisee = fixtures.franchisee(chain.id(), "North");
        String email = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-pass");
        given().auth().preemptive().basic(email, "franchisee-pass").accept(ContentType.JSON).get(BASE)
                .then().statusCode(403);
        given().auth().preemptive().basic(email, "franchisee-pass").contentType(ContentType.JSON)
                .body(endpoint(URL, "receipt.confirmed")).post(BASE).then().statusCode(403);
    }

    @Test
    void anEndpointIsChangedDisabledEnabledAndDeletedWithAnAuditEach() {
        Fixtures.Chain chain = fixtures.chain();
        long id = as(chain).body(endpoint(URL, "receipt.confirmed")).post(BASE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        as(chain).body(Map.of("events", List.of("receipt.returned", "receipt.cancelled"), "enabled", false))
                .patch(BASE + "/" + id).then().statusCode(200)
                .body("events", containsInAnyOrder("receipt.returned", "receipt.cancelled"))
                .body("enabled", equalTo(false))
                .body("disabled_reason", equalTo("disabled by head office"))
                .body("$", not(hasKey("secret")));
        as(chain).body(Map.of("enabled", true)).patch(BASE + "/" + id).then().statusCode(200)
                .body("enabled", equalTo(true));
        as(chain).body(Map.of("url", "not a url")).patch(BASE + "/" + id).then().statusCode(400)
                .body("errors.field", hasItem("url"));
        as(chain).delete(BASE + "/" + id).then().statusCode(204);
        as(chain).get(BASE + "/" + id).then().statusCode(404);
        assertEquals(4, fixtures.queryLong("SELECT count(*) FROM audit_log WHERE chain_id = ? AND entity = 'webhook'",
                chain.id()));
    }
}
