package io.kopilka.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The abuse limits with their real defaults: 20/s burst 40 per terminal, 50/s burst 100 per user, 60 lookups/min. */
@QuarkusTest
@TestProfile(RateLimitTest.Defaults.class)
class RateLimitTest {

    /** The test profile lifts the request limits for the other tests; these are the production defaults. */
    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kopilka.limits.terminal.per-second", "20", "kopilka.limits.terminal.burst", "40",
                    "kopilka.limits.staff.per-second", "10", "kopilka.limits.staff.burst", "100",
                    "kopilka.limits.lookup.per-minute", "60");
        }
    }

    @Inject
    Fixtures fixtures;

    /** Sends requests until one is refused; returns it, and how many went before it. */
    private static Response firstRefused(int max, long pauseMillis, Supplier<Response> request) throws InterruptedException {
        for (int i = 0; i < max; i++) {
            Response r = request.get();
            if (r.statusCode() == 429) {
                return r;
            }
            Thread.sleep(pauseMillis);
        }
        throw new AssertionError("no 429 after " + max + " requests");
    }

    private static void assertRefused(Response r, String policy, int quota, int window) {
        r.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo(Problems.TYPE_BASE + "too-many-requests"))
                .body("status", equalTo(429));
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= window, "Retry-After " + retryAfter);
        assertEquals("\"" + policy + "\";q=" + quota + ";w=" + window, r.header("RateLimit-Policy"));
        assertEquals("\"" + policy + "\";r=0;t=" + retryAfter, r.header("RateLimit"));
    }

    @Test
    void aTerminalOverItsBurstIsRefusedAndAnotherTerminalIsNot() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till busy = fixtures.till(chain.id());
        Fixtures.Till other = fixtures.till(chain.id());
        Response refused = firstRefused(400, 0,
                () -> PosApi.as(busy).get(PosApi.RECEIPTS + "/999999999"));
        assertRefused(refused, "terminal", 40, 2);
        PosApi.as(other).get(PosApi.RECEIPTS + "/999999999").then().statusCode(404);
    }

    // 10 a second: a staff request checks a password hash, so one thread on a busy 2-core machine sends only
    // about 40 a second, and a refill of 50 a second kept up with it (no 429 after 1,000 requests)
    @Test
    void aStaffUserOverTheirBurstIsRefused() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        Response refused = firstRefused(1000, 0, () -> given().auth().preemptive()
                .basic(chain.adminEmail(), chain.adminPassword()).get("/api/admin/v1/stores"));
        assertRefused(refused, "staff", 100, 10);
        given().auth().preemptive().basic(other.adminEmail(), other.adminPassword()).get("/api/admin/v1/stores")
                .then().statusCode(200);
    }

    @Test
    void customerLookupsAreLimitedPerMinuteBelowTheRequestLimit() throws Exception {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        int[] answered = { 0 };
        // 70 ms apart: well under 20 requests a second, so only the lookup limit can refuse
        Response refused = firstRefused(120, 70, () -> {
            answered[0]++;
            return PosApi.as(till).queryParam("phone", PosApi.newPhone()).get(PosApi.CUSTOMERS + "/lookup");
        });
        assertRefused(refused, "lookup", 60, 60);
        assertTrue(answered[0] > 60, answered[0] + " lookups before the 429");
        PosApi.as(till).get(PosApi.RECEIPTS + "/999999999").then().statusCode(404);
    }
}
