package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With terminal keys remembered (as in production, here for 2 s): a key revoked through this node stops at once,
 * one revoked elsewhere (straight in the database, as another node does) works here at most the bound longer.
 */
@QuarkusTest
@TestProfile(TerminalKeysRememberedTest.Remembered.class)
class TerminalKeysRememberedTest {

    private static final String LOOKUP = "/api/pos/v1/customers/lookup?phone=+79001234567";
    private static final long BOUND_MILLIS = 2000;

    public static class Remembered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kopilka.pos.terminal-keys-cached-for", BOUND_MILLIS + "ms");
        }
    }

    @Inject
    Fixtures fixtures;

    private static int lookUp(String key) {
        return given().header("Authorization", "Bearer " + key).get(LOOKUP).then().extract().statusCode();
    }

    @Test
    void revokedThroughThisNodeTheKeyStopsAtOnce() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        assertTrue(lookUp(till.key()) != 401, "the key works and is remembered");
        as(chain).delete(BASE + "/terminals/" + till.terminalId()).then().statusCode(204);
        given().header("Authorization", "Bearer " + till.key()).get(LOOKUP).then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/unauthorized"));
    }

    @Test
    void revokedElsewhereTheKeyStopsWithinTheBound() throws InterruptedException {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        assertTrue(lookUp(till.key()) != 401);
        long revokedAt = System.nanoTime();
        fixtures.execute("UPDATE terminals SET revoked_at = now() WHERE chain_id = ? AND id = ?", chain.id(),
                till.terminalId());
        assertTrue(lookUp(till.key()) != 401, "still remembered right after a revocation on another node");
        while (lookUp(till.key()) != 401) {
            long waited = (System.nanoTime() - revokedAt) / 1_000_000;
            assertTrue(waited < BOUND_MILLIS + 500, "the revoked key still works after " + waited + " ms");
            Thread.sleep(100);
        }
    }
}
