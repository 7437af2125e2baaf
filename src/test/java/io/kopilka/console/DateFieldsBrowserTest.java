package io.kopilka.console;

import static io.kopilka.console.ProgrammeFormsBrowserTest.headOffice;
import static io.kopilka.console.ProgrammeFormsBrowserTest.path;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every date a person types on a Russian page, in an English Chromium (which would draw mm/dd/yyyy and a 12-hour
 * clock), is dd.mm.yyyy and a 24-hour HH:MM: a multiplier's dates in a row the programme editor adds, the
 * programme's "in force from" and a campaign's send time; what is typed reaches the API as the instant meant.
 */
@QuarkusTest
class DateFieldsBrowserTest {

    private static final int YEAR = OffsetDateTime.now().getYear() + 1;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    /** The instant a person in the browser's time zone means by a local date and time. */
    private static Instant meant(Browser browser, LocalDateTime local) {
        String zone = (String) browser.script("return Intl.DateTimeFormat().resolvedOptions().timeZone");
        return local.atZone(ZoneId.of(zone)).toInstant();
    }

    private static List<String> nativeDateInputs(Browser browser) {
        return browser.texts("input[type=date], input[type=datetime-local]");
    }

    @Test
    void aRussianPageInAnEnglishBrowserTakesDaysAndTwentyFourHourTimesTheRussianWay() {
        Fixtures.Chain chain = fixtures.chain();
        int version = headOffice(chain).get("/api/admin/v1/program").then().extract().path("version");

        try (Browser browser = Browser.open(base.toString(), "en-US,en")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            browser.find("#lang-switch a[data-lang=ru]").click();
            browser.waitReady();
            browser.page("/console/programme");

            // a multiplier row the editor adds: its dates are day texts, typed and set from code alike
            browser.find("#add-multiplier").click();
            assertTrue(nativeDateInputs(browser).isEmpty(), "no input follows the browser's locale");
            String from = path("multipliers[0].from") + " + .date-text";
            String to = path("multipliers[0].to") + " + .date-text";
            assertEquals("ДД.ММ.ГГГГ", browser.find(from).getAttribute("placeholder"));
            browser.type(from, "01.03." + YEAR);
            assertEquals(YEAR + "-03-01", browser.find(path("multipliers[0].from")).getAttribute("value"));
            browser.type(to, "31.3." + YEAR);
            assertEquals(YEAR + "-03-31", browser.find(path("multipliers[0].to")).getAttribute("value"));
            browser.type(to, "31.02." + YEAR);
            assertEquals("Введите дату вида 31.12.2026.", browser.text(".field-error[data-field='multipliers[0].to']"),
                    "an impossible day is said beside the field");
            browser.script("document.querySelector(\"" + path("multipliers[0].to") + "\").value = '" + YEAR + "-04-30'");
            assertEquals("30.04." + YEAR, browser.find(to).getAttribute("value"), "a value set by the page shows as typed");
            browser.find("#multipliers tbody tr .weekdays input[value='6']").click();
            assertTrue(browser.text("#diff").contains("01.03." + YEAR + " – 30.04." + YEAR), browser.text("#diff"));

            // publishing from a day and a 24-hour time typed as text
            browser.find("#publish").click();
            browser.waitVisible("#publish-dialog");
            assertEquals("ЧЧ:ММ", browser.find("[data-time-for=publish-from]").getAttribute("placeholder"));
            browser.type("[data-date-for=publish-from]", "15.06." + YEAR);
            browser.type("[data-time-for=publish-from]", "25:00");
            assertEquals("Введите время вида 18:30 (часы от 0 до 23).", browser.text("#publish-dialog-when"));
            assertEquals("", browser.find("#publish-from").getAttribute("value"), "a wrong time is no time, not now");
            browser.find("#publish-confirm").click();
            assertTrue(browser.find("#publish-dialog").isDisplayed(), "a wrong time does not publish");
            browser.type("[data-time-for=publish-from]", "18:45");
            assertEquals(YEAR + "-06-15T18:45", browser.find("#publish-from").getAttribute("value"));
            String when = browser.text("#publish-dialog-when");
            assertTrue(when.contains("15.06." + YEAR + ", 18:45"), when);
            browser.screenshot("dates-publish-from");
            browser.find("#publish-confirm").click();
            browser.waitText("#prog-status", "Опубликована версия " + (version + 1));
            String history = browser.text("#programme-versions");
            assertTrue(history.contains("15.06." + YEAR + ", 18:45") && !history.matches("(?s).*\\b[AP]M\\b.*"), history);

            List<Map<String, Object>> versions = headOffice(chain).get("/api/admin/v1/program/versions").then()
                    .statusCode(200).extract().jsonPath().getList("$");
            Map<String, Object> published = versions.stream().filter(v -> ((Number) v.get("version")).intValue() == version + 1)
                    .findFirst().orElseThrow();
            assertEquals(meant(browser, LocalDateTime.of(YEAR, 6, 15, 18, 45)),
                    OffsetDateTime.parse((String) published.get("effective_from")).toInstant());
            @SuppressWarnings("unchecked")
            Map<String, Object> multiplier = ((List<Map<String, Object>>) ((Map<String, Object>) published.get("program"))
                    .get("multipliers")).get(0);
            assertTrue(String.valueOf(multiplier.get("from")).startsWith(YEAR + "-03-01T00:00"), multiplier.toString());
            assertTrue(String.valueOf(multiplier.get("to")).startsWith(YEAR + "-05-01T00:00"), "the last day is included: " + multiplier);

            // a campaign's send time, typed as text
            browser.page("/console/campaigns");
            assertTrue(nativeDateInputs(browser).isEmpty(), "no input follows the browser's locale");
            browser.type("#c-name", "Летняя распродажа");
            browser.type("#c-tpl-ru", "{name}, ждём вас на распродаже!");
            browser.type("[data-date-for=c-send-at]", "20.07." + YEAR);
            browser.type("[data-time-for=c-send-at]", "9:05");
            assertEquals(YEAR + "-07-20T09:05", browser.find("#c-send-at").getAttribute("value"));
            browser.find("#campaign-form button[type=submit]").click();
            browser.waitText("#campaigns", "Летняя распродажа");
            String shown = browser.text("#campaigns");
            assertTrue(shown.contains("20.07." + YEAR + ", 09:05"), shown);
            assertFalse(shown.matches("(?s).*\\b[AP]M\\b.*"), shown);
            assertEquals("", browser.find("[data-date-for=c-send-at]").getAttribute("value"), "the form is empty again");
            assertEquals("", browser.find("#c-send-at").getAttribute("value"), "and sends no old time with the next campaign");
            browser.screenshot("dates-campaign-send-at");
            String sendAt = headOffice(chain).get("/api/admin/v1/campaigns").then().statusCode(200)
                    .extract().path("find { it.name == 'Летняя распродажа' }.send_at");
            assertEquals(meant(browser, LocalDateTime.of(YEAR, 7, 20, 9, 5)), OffsetDateTime.parse(sendAt).toInstant());
        }
    }
}
