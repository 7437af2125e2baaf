package io.kopilka.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kopilka.platform.StaffSessions;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Signs in through the console's login form as a browser would, and keeps the cookie and the page's CSRF token. */
record ConsoleSessions(String cookie, String csrf) {

    private static final Pattern CSRF = Pattern.compile("data-csrf=\"([^\"]+)\"");

    static ConsoleSessions signIn(String email, String password) {
        Response login = given().redirects().follow(false)
                .formParam("email", email).formParam("password", password).formParam("next", "/console")
                .post("/console/login");
        assertEquals(303, login.statusCode(), "login of " + email);
        String cookie = login.getCookie(StaffSessions.COOKIE);
        assertNotNull(cookie, "the login sets the session cookie");
        String page = given().cookie(StaffSessions.COOKIE, cookie).get("/console").then().statusCode(200)
                .extract().asString();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("the page carries no CSRF token");
        }
        return new ConsoleSessions(cookie, m.group(1));
    }

    /** A request with the session cookie only (what a forged cross-site request would have). */
    RequestSpecification cookieOnly() {
        return given().redirects().follow(false).cookie(StaffSessions.COOKIE, cookie);
    }

    /** A request as the console's JavaScript makes it: cookie and CSRF header. */
    RequestSpecification asPage() {
        return cookieOnly().header(StaffSessions.CSRF_HEADER, csrf);
    }
}
