package io.kopilka.admin;

import static io.restassured.RestAssured.given;

import io.kopilka.support.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Requests to the head-office API as a given user (the reports' tests use it too). */
public final class AdminApi {

    static final String BASE = "/api/admin/v1";

    private AdminApi() {
    }

    public static RequestSpecification as(String email, String password) {
        return given().auth().preemptive().basic(email, password).contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    public static RequestSpecification as(Fixtures.Chain chain) {
        return as(chain.adminEmail(), chain.adminPassword());
    }
}
