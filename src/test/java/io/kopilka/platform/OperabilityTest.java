package io.kopilka.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What an operator relies on: health, metrics with receipt latency, and an API description. */
@QuarkusTest
class OperabilityTest {

    @Test
    void readinessIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void metricsExposeReceiptLatency() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("kopilka_receipts_record_seconds"));
    }

    @Test
    void openApiDescribesThePosApiAndItsProblems() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/pos/v1/receipts/{id}/returns"))
                .body(containsString("/api/pos/v1/customers/lookup"))
                .body(containsString("ReceiptRequest"))
                .body(containsString("insufficient-points"));
    }

    @Test
    void openApiDescribesTheStaffApisProblemsAndLogin() {
        String problem = "#/components/schemas/Problem";
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/admin/v1/users'.post.responses.'409'.content.'application/problem+json'.schema.$ref",
                        equalTo(problem))
                .body("paths.'/api/admin/v1/users'.post.responses.'401'.description", equalTo("Missing or wrong credentials"))
                .body("paths.'/api/reports/v1/sales'.get.responses.'401'.content.'application/problem+json'.schema.$ref",
                        equalTo(problem));
    }

    @Test
    void unknownPathsAnswerProblemJson() {
        given().get("/api/pos/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
