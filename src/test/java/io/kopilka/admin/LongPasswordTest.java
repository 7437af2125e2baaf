package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Passwords of up to 128 characters of any script: longer than bcrypt's 72 bytes in UTF-8. */
@QuarkusTest
class LongPasswordTest {

    @Inject
    Fixtures fixtures;

    private static Map<String, Object> user(String email, String password) {
        return Map.of("email", email, "password", password, "role", "head_office");
    }

    /** HTTP Basic in UTF-8 (RFC 7617's charset), which RestAssured's own Basic support does not send. */
    private static RequestSpecification utf8Basic(String email, String password) {
        return given().header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPasswordOf128CyrillicLettersSignsIn() {
        Fixtures.Chain chain = fixtures.chain();
        String email = "cyr-" + UUID.randomUUID().toString().substring(0, 8) + "@chain.test";
        String password = "пароль-".repeat(19).substring(0, 128);
        as(chain).body(user(email, password)).post(BASE + "/users").then().statusCode(201);

        utf8Basic(email, password).get(BASE + "/stores").then().statusCode(200);
        // a password that differs only after bcrypt's 72nd byte is still wrong
        utf8Basic(email, password.substring(0, 127) + "ж").get(BASE + "/stores").then().statusCode(401);
    }

    @Test
    void aPasswordOver128CharactersIsRefusedNamingTheField() {
        Fixtures.Chain chain = fixtures.chain();
        String email = "cyr-" + UUID.randomUUID().toString().substring(0, 8) + "@chain.test";
        as(chain).body(user(email, "ж".repeat(129))).post(BASE + "/users").then().statusCode(400)
                .body("errors[0].field", equalTo("password"));
    }
}
