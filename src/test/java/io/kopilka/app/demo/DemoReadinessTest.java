package io.kopilka.app.demo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** /q/health/ready is DOWN (503) while the demo loads its receipts and UP once it has; liveness is never affected. */
@QuarkusTest
class DemoReadinessTest {

    @Inject
    DemoReadiness readiness;

    @AfterEach
    void loaded() {
        readiness.loaded();
    }

    @Test
    void readinessWaitsForTheDemoData() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        readiness.loading();
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.name", hasItem(DemoDataCheck.NAME));
        given().get("/q/health/live").then().statusCode(200);

        readiness.loaded();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
