package io.kopilka.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.StaffSessions;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The console's session and CSRF rules, as a browser (or a forger) meets them. */
@QuarkusTest
class ConsoleSessionTest {

    private static final List<String> HEAD_OFFICE_PAGES = List.of("programme", "stores", "promo-codes", "campaigns",
            "campaign-settings", "users", "audit");
    private static final List<String> REPORT_PAGES = List.of("trends", "retention", "segments", "settlement", "exports", "customers");

    @Inject
    Fixtures fixtures;

    @ConfigProperty(name = "kopilka.console.session-secret")
    String secret;

    @Test
    void loginSetsAStrictHttpOnlyCookieForEightHoursAndThePageShowsTheChainAndUser() {
        Fixtures.Chain chain = fixtures.chain();
        Response login = given().redirects().follow(false).formParam("email", chain.adminEmail())
                .formParam("password", chain.adminPassword()).formParam("next", "/console/programme")
                .post("/console/login");
        assertEquals(303, login.statusCode());
        assertTrue(login.header("Location").endsWith("/console/programme"));
        String setCookie = login.header("Set-Cookie");
        assertTrue(setCookie.startsWith(StaffSessions.COOKIE + "="), setCookie);
        for (String attribute : List.of("Path=/", "Max-Age=28800", "HttpOnly", "SameSite=Strict")) {
            assertTrue(setCookie.contains(attribute), setCookie + " lacks " + attribute);
        }
        assertFalse(setCookie.contains("Secure"), "plain http: no Secure flag, or the browser would drop it");

        String chainName = fixtures.queryString("SELECT name FROM chains WHERE id = ?", chain.id());
        given().cookie(StaffSessions.COOKIE, login.getCookie(StaffSessions.COOKIE)).header("Accept-Language", "en")
                .get("/console/programme").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString(chainName), containsString(chain.adminEmail()), containsString("Head office"),
                        containsString("href=\"/console/stores\""));
    }

    @Test
    void behindHttpsTheCookieIsSecure() {
        Fixtures.Chain chain = fixtures.chain();
        String setCookie = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .formParam("email", chain.adminEmail()).formParam("password", chain.adminPassword())
                .post("/console/login").header("Set-Cookie");
        assertTrue(setCookie.contains("; Secure"), setCookie);
    }

    @Test
    void wrongPasswordShowsTheFormAgainWithoutACookie() {
        Fixtures.Chain chain = fixtures.chain();
        Response r = given().redirects().follow(false).header("Accept-Language", "en")
                .formParam("email", chain.adminEmail()).formParam("password", "not-the-password")
                .post("/console/login");
        assertEquals(401, r.statusCode());
        assertTrue(r.asString().contains("Wrong email or password."));
        assertTrue(r.asString().contains("value=\"" + chain.adminEmail() + "\""), "the email stays filled in");
        assertNull(r.getCookie(StaffSessions.COOKIE));
    }

    @Test
    void withoutACookiePagesRedirectToLoginAndTheApiAnswers401() {
        given().redirects().follow(false).get("/console/programme").then().statusCode(303)
                .header("Location", containsString("/console/login?next=%2Fconsole%2Fprogramme"));
        given().redirects().follow(false).get("/console").then().statusCode(303)
                .header("Location", containsString("/console/login"));
        given().get("/api/admin/v1/program").then().statusCode(401).contentType("application/problem+json");
        given().header("Accept-Language", "ru").get("/console/login").then().statusCode(200)
                .body(containsString("Вход в консоль"));
    }

    @Test
    void aTamperedCookieIsRefused() {
        Fixtures.Chain chain = fixtures.chain();
        ConsoleSessions session = ConsoleSessions.signIn(chain.adminEmail(), chain.adminPassword());
        String cookie = session.cookie();
        int dot = cookie.indexOf('.');
        // the same signature over a payload naming another user
        String payload = new String(java.util.Base64.getUrlDecoder().decode(cookie.substring(0, dot)), StandardCharsets.UTF_8);
        String[] parts = payload.split("\\|");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                (parts[0] + "|" + (Long.parseLong(parts[1]) + 1) + "|" + parts[2] + "|" + parts[3]).getBytes(StandardCharsets.UTF_8))
                + cookie.substring(dot);
        String flipped = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("A") ? "B" : "A") + cookie.charAt(cookie.length() - 1);
        for (String bad : List.of(forged, flipped, "garbage", cookie.substring(0, dot))) {
            given().cookie(StaffSessions.COOKIE, bad).get("/api/admin/v1/program").then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue()); // no browser password dialog
            given().redirects().follow(false).cookie(StaffSessions.COOKIE, bad).get("/console/programme").then()
                    .statusCode(303).header("Location", containsString("/console/login"));
        }
    }

    @Test
    void anExpiredCookieIsRefused() {
        Fixtures.Chain chain = fixtures.chain();
        long userId = fixtures.queryLong("SELECT id FROM users WHERE chain_id = ?", chain.id());
        Clock nineHoursAgo = Clock.fixed(Instant.now().minusSeconds(9 * 3600), ZoneOffset.UTC);
        StaffSessions past = new StaffSessions(secret.getBytes(StandardCharsets.UTF_8), nineHoursAgo);
        StaffIdentity who = new StaffIdentity(chain.id(), userId, chain.adminEmail(), StaffIdentity.HEAD_OFFICE, null);
        String expired = past.encode(past.open(who));
        given().cookie(StaffSessions.COOKIE, expired).get("/api/admin/v1/program").then().statusCode(401);

        Clock sevenHoursAgo = Clock.fixed(Instant.now().minusSeconds(7 * 3600), ZoneOffset.UTC);
        StaffSessions recent = new StaffSessions(secret.getBytes(StandardCharsets.UTF_8), sevenHoursAgo);
        given().cookie(StaffSessions.COOKIE, recent.encode(recent.open(who))).get("/api/admin/v1/program").then()
                .statusCode(200);
    }

    @Test
    void aDisabledUsersSessionEndsAtOnce() {
        Fixtures.Chain chain = fixtures.chain();
        ConsoleSessions session = ConsoleSessions.signIn(chain.adminEmail(), chain.adminPassword());
        session.cookieOnly().get("/api/admin/v1/program").then().statusCode(200);
        fixtures.execute("UPDATE users SET disabled_at = now() WHERE chain_id = ?", chain.id());
        session.cookieOnly().get("/api/admin/v1/program").then().statusCode(401);
        session.cookieOnly().get("/console").then().statusCode(303);
    }

    @Test
    void anUnsafeRequestWithTheCookieButWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
        Fixtures.Chain chain = fixtures.chain();
        ConsoleSessions session = ConsoleSessions.signIn(chain.adminEmail(), chain.adminPassword());
        Map<String, Object> programme = session.cookieOnly().get("/api/admin/v1/program").then().statusCode(200)
                .extract().jsonPath().getMap("$");
        int version = (Integer) programme.get("version");
        programme.remove("version");
        programme.remove("effective_from");
        programme.put("max_redeem_share_pct", 50);

        session.cookieOnly().contentType(ContentType.JSON).body(programme).put("/api/admin/v1/program").then()
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/forbidden"), "detail", containsString("X-Kopilka-CSRF"));
        session.cookieOnly().header(StaffSessions.CSRF_HEADER, "not-the-token").contentType(ContentType.JSON)
                .body(programme).put("/api/admin/v1/program").then().statusCode(403);
        session.cookieOnly().contentType(ContentType.JSON).body(Map.of("name", "Forged")).post("/api/admin/v1/franchisees")
                .then().statusCode(403);
        session.cookieOnly().get("/api/admin/v1/program").then().body("version", equalTo(version),
                "max_redeem_share_pct", not(equalTo(50)));
        session.cookieOnly().get("/api/admin/v1/franchisees").then().body("name", not(org.hamcrest.Matchers.hasItem("Forged")));

        session.asPage().contentType(ContentType.JSON).body(programme).put("/api/admin/v1/program").then()
                .statusCode(200).body("version", equalTo(version + 1), "max_redeem_share_pct", equalTo(50));
    }

    @Test
    void basicCredentialsWinOverTheCookie() {
        Fixtures.Chain chain = fixtures.chain();
        ConsoleSessions session = ConsoleSessions.signIn(chain.adminEmail(), chain.adminPassword());
        session.cookieOnly().auth().preemptive().basic(chain.adminEmail(), "wrong-password")
                .get("/api/admin/v1/program").then().statusCode(401);
    }

    @Test
    void aFranchiseeGets404OnHeadOfficePagesAndSeesNoHeadOfficeMenu() {
        Fixtures.Chain chain = fixtures.chain();
        long franchisee = fixtures.franchisee(chain.id(), "Sever Retail");
        String email = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-password");
        ConsoleSessions session = ConsoleSessions.signIn(email, "franchisee-password");
        for (String page : HEAD_OFFICE_PAGES) {
            session.cookieOnly().header("Accept-Language", "en").get("/console/" + page).then().statusCode(404)
                    .contentType(containsString("text/html")).body(containsString("Page not found"),
                            not(containsString("data-csrf")));
        }
        for (String page : REPORT_PAGES) {
            session.cookieOnly().get("/console/" + page).then().statusCode(200);
        }
        session.cookieOnly().header("Accept-Language", "en").get("/console").then().statusCode(200)
                .body(containsString("Sever Retail"), containsString("Franchisee"),
                        containsString("href=\"/console/trends\""), not(containsString("href=\"/console/programme\"")),
                        not(containsString("href=\"/console/stores\"")));
        session.asPage().contentType(ContentType.JSON).body(Map.of("name", "Mine")).post("/api/admin/v1/franchisees")
                .then().statusCode(403);
    }

    @Test
    void anUnknownPageIs404ForTheSignedInAndALoginForOthers() {
        Fixtures.Chain chain = fixtures.chain();
        ConsoleSessions session = ConsoleSessions.signIn(chain.adminEmail(), chain.adminPassword());
        session.cookieOnly().get("/console/no-such-page").then().statusCode(404);
        given().redirects().follow(false).get("/console/no-such-page").then().statusCode(303);
    }

    @Test
    void theLanguageComesFromTheSwitcherCookieThenTheBrowser() {
        Fixtures.Chain chain = fixtures.chain();
        ConsoleSessions session = ConsoleSessions.signIn(chain.adminEmail(), chain.adminPassword());
        session.cookieOnly().header("Accept-Language", "en-US,en;q=0.9").get("/console").then()
                .body(containsString("<html lang=\"en\">"), containsString(">Dashboard<"));
        session.cookieOnly().header("Accept-Language", "ru-RU,ru;q=0.9").get("/console").then()
                .body(containsString("<html lang=\"ru\">"), containsString(">Сводка<"));
        session.cookieOnly().header("Accept-Language", "de-DE").get("/console").then()
                .body(containsString("<html lang=\"ru\">"));
        session.cookieOnly().cookie("kopilka_lang", "en").header("Accept-Language", "ru").get("/console").then()
                .body(containsString("<html lang=\"en\">"));

        Response switched = given().redirects().follow(false).get("/console/language/en?back=/console/trends");
        assertEquals(303, switched.statusCode());
        assertTrue(switched.header("Location").endsWith("/console/trends"));
        assertTrue(switched.header("Set-Cookie").startsWith("kopilka_lang=en;"));
        given().redirects().follow(false).get("/console/language/en?back=https://evil.example/").then()
                .statusCode(303).header("Location", not(containsString("evil")));
        given().redirects().follow(false).get("/console/language/en?back=//evil.example/").then()
                .header("Location", not(containsString("evil")));
    }

    @Test
    void logoutClearsTheCookie() {
        given().redirects().follow(false).post("/console/logout").then().statusCode(303)
                .header("Location", containsString("/console/login"))
                .header("Set-Cookie", startsWith(StaffSessions.COOKIE + "=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void theChartLibraryAndTheConsoleAssetsAreServedByTheApplication() {
        given().get(ConsoleViews.CHART_JS).then().statusCode(200).body(containsString("Chart"));
        given().get("/console-assets/console.js").then().statusCode(200).body(containsString("X-Kopilka-CSRF"));
        given().get("/console-assets/console.css").then().statusCode(200);
    }
}
