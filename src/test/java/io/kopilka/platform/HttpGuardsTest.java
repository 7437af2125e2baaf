package io.kopilka.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Sizes refused before the application, still as problem+json, on the head-office API as on the POS API. */
@QuarkusTest
class HttpGuardsTest {

    static final String ADMIN = "admin@test.kopilka";
    static final String PASSWORD = "test-admin-password";

    @Test
    void aBodyOver256KiBIsRefusedOnTheHeadOfficeApiAndNothingIsCreated() {
        String name = "x".repeat(300 * 1024);
        given().auth().preemptive().basic(ADMIN, PASSWORD).contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .post("/api/admin/v1/franchisees")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://kopilka.io/problems/body-too-large"));
    }

    @Test
    void anOverLongUrlIsA414Problem() {
        given().auth().preemptive().basic(ADMIN, PASSWORD)
                .queryParam("phone", "7".repeat(10_000))
                .get("/api/admin/v1/customers")
                .then().statusCode(414)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://kopilka.io/problems/uri-too-long"));
    }

    @Test
    void aUrlUnderTheLimitReachesTheApplication() {
        given().auth().preemptive().basic(ADMIN, PASSWORD)
                .queryParam("q", "7".repeat(6_000))
                .get("/api/admin/v1/stores")
                .then().statusCode(200);
    }
}
