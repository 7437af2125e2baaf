package io.kopilka.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** 10 wrong passwords for one email within 15 minutes lock it for 15 minutes, for Basic and the console alike. */
@QuarkusTest
class LoginThrottlingTest {

    private static final String STORES = "/api/admin/v1/stores";

    @Inject
    Fixtures fixtures;

    private static RequestSpecification basic(String email, String password) {
        return given().auth().preemptive().basic(email, password);
    }

    private static Response form(String email, String password) {
        return given().redirects().follow(false).header("Accept-Language", "en").contentType("application/x-www-form-urlencoded")
                .formParam("email", email).formParam("password", password).post("/console/login");
    }

    private long lockAudits(Fixtures.Chain chain) {
        return fixtures.queryLong("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'login.locked' "
                + "AND entity = 'user' AND after->>'email' = ?", chain.id(), chain.adminEmail());
    }

    @Test
    void tenWrongPasswordsOverBasicLockTheEmailEvenForTheRightOne() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain bystander = fixtures.chain();
        for (int i = 0; i < 10; i++) {
            basic(chain.adminEmail(), "wrong-" + i).get(STORES).then().statusCode(401);
        }
        Response locked = basic(chain.adminEmail(), chain.adminPassword()).get(STORES);
        locked.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo(Problems.TYPE_BASE + "too-many-requests"));
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retryAfter > 14 * 60 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertEquals("\"login\";q=10;w=900", locked.header("RateLimit-Policy"));
        // the email is locked whatever the case it is written in, and the lock is audited once in its chain
        basic(chain.adminEmail().toUpperCase(), chain.adminPassword()).get(STORES).then().statusCode(429);
        assertEquals(1, lockAudits(chain));

        basic(bystander.adminEmail(), bystander.adminPassword()).get(STORES).then().statusCode(200);
    }

    @Test
    void theConsoleFormSaysTheEmailIsLockedAndOpensNoSession() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain bystander = fixtures.chain();
        for (int i = 0; i < 10; i++) {
            form(chain.adminEmail(), "wrong-" + i).then().statusCode(401);
        }
        form(chain.adminEmail(), chain.adminPassword()).then().statusCode(429)
                .contentType(containsString("text/html"))
                .header("Set-Cookie", nullValue())
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body(containsString("id=\"login-locked\""))
                .body(containsString("Too many wrong passwords for this email"));
        assertEquals(1, lockAudits(chain));

        form(bystander.adminEmail(), bystander.adminPassword()).then().statusCode(303);
    }

    @Test
    void wrongPasswordsTriedOverBothDoorsCountTogether() {
        Fixtures.Chain chain = fixtures.chain();
        for (int i = 0; i < 5; i++) {
            form(chain.adminEmail(), "wrong-" + i).then().statusCode(401);
            basic(chain.adminEmail(), "wrong-" + i).get(STORES).then().statusCode(401);
        }
        form(chain.adminEmail(), chain.adminPassword()).then().statusCode(429);
        basic(chain.adminEmail(), chain.adminPassword()).get(STORES).then().statusCode(429);
    }
}
