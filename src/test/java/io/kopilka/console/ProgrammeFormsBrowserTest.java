package io.kopilka.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The programme run from its forms, in Russian: a manager excludes a category from earning and sets a category
 * multiplier, adds a tier typed in rubles, sees the what-if, publishes after the confirmation, and the next receipt
 * at the till earns by the new rules; a bad value is refused beside its field and the message goes when corrected;
 * going back to an old version publishes it as a new one.
 */
@QuarkusTest
class ProgrammeFormsBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    static RequestSpecification headOffice(Fixtures.Chain chain) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
    }

    /** A receipt of 100 ₽ of dairy and 100 ₽ of tobacco for the customer. */
    private static String dairyAndTobacco(String phone) {
        Map<String, Object> body = PosApi.receiptMap(PosApi.newReceiptNo(), phone, null);
        body.put("lines", List.of(PosApi.line("MILK", "dairy", "1", 10_000), PosApi.line("CIGS", "tobacco", "1", 10_000)));
        return PosApi.json(body);
    }

    /** Intl writes grouping with no-break spaces; the test reads them as spaces. */
    private static String plain(String shown) {
        return shown.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    /** The input of a rule table's row by its JSON path, e.g. tiers[1].rate_pct. */
    static String path(String jsonPath) {
        return "[data-path='" + jsonPath + "']";
    }

    /** Screenshots for docs/console.md show the part of the page a step is about. */
    private static void scrollTo(Browser browser, String css) {
        ((JavascriptExecutor) browser.driver).executeScript("document.querySelector(arguments[0]).scrollIntoView()", css);
    }

    private static String errorOf(String jsonPath) {
        return ".field-error[data-field='" + jsonPath + "']";
    }

    @Test
    void managerChangesCategoryRulesSeesTheWhatIfPublishesAndTheTillEarnsByThem() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String phone = PosApi.newPhone();
        PosApi.enrol(till, phone);
        // 200 ₽ at 5 %, a point worth 1 ₽: 10 points
        PosApi.record(till, dairyAndTobacco(phone)).statusCode(201).body("points_earned", equalTo(10));
        int version = headOffice(chain).get("/api/admin/v1/program").then().extract().path("version");

        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            browser.page("/console/programme");
            assertEquals("1", browser.find("#p-point_value_minor").getAttribute("value"), "a point's value in rubles, not kopecks");
            List<String> offered = browser.driver.findElements(By.cssSelector("#chain-categories option")).stream()
                    .map(o -> o.getAttribute("value")).toList();
            assertTrue(offered.containsAll(List.of("dairy", "tobacco")), "the chain's categories are offered: " + offered);
            assertEquals("none", browser.find("#diff [data-diff]").getAttribute("data-diff"), "no draft yet: nothing changes");

            // a tier typed in rubles
            browser.find("#add-tier").click();
            browser.type(path("tiers[1].code"), "gold");
            browser.type(path("tiers[1].name"), "Золото");
            browser.type(path("tiers[1].min_spend_minor"), "5000");
            browser.type(path("tiers[1].rate_pct"), "150");
            // the browser's constraint, in Russian, beside the field, at once; gone when corrected
            assertEquals("Допустимо от 0 до 100", browser.text(errorOf("tiers[1].rate_pct")));
            scrollTo(browser, "#tiers");
            browser.screenshot("programme-field-error");
            browser.type(path("tiers[1].rate_pct"), "7");
            assertTrue(browser.driver.findElements(By.cssSelector(errorOf("tiers[1].rate_pct"))).stream()
                    .allMatch(e -> e.getText().isEmpty()), "the message goes when the value is corrected");
            assertEquals("5 000 ₽", plain(browser.find("#tiers tbody tr:nth-child(2) .money-hint").getText()));

            // tobacco earns nothing; dairy earns three times
            browser.find("#add-category").click();
            browser.type(path("categories[0].category"), "tobacco");
            browser.find(path("categories[0].earn")).click();
            browser.find("#add-multiplier").click();
            browser.type(path("multipliers[0].category"), "dairy");
            browser.type(path("multipliers[0].factor"), "3");
            // a dated happy-hours multiplier, a birthday window and a referral reward: every rule has its inputs
            browser.find("#add-multiplier").click();
            browser.type(path("multipliers[1].factor"), "1.5");
            ((JavascriptExecutor) browser.driver).executeScript("document.querySelector(arguments[0]).value = '2026-01-01';"
                    + "document.querySelector(arguments[1]).value = '2026-01-31'", path("multipliers[1].from"), path("multipliers[1].to"));
            browser.find("#multipliers tbody tr:nth-child(2) .weekdays input[value='1']").click();
            browser.find("#multipliers tbody tr:nth-child(2) .weekdays input[value='6']").click();
            browser.type(path("multipliers[1].hours"), "10:00-14:00");
            browser.find("#p-birthday-on").click();
            browser.type("#p-birthday-multiplier", "2");
            browser.type("#p-birthday-window_days", "40");
            assertEquals("Допустимо от 0 до 30", browser.text(errorOf("birthday.window_days")));
            browser.type("#p-birthday-window_days", "7");
            browser.find("#p-referral-on").click();
            browser.type("#p-referral-friend_points", "100");
            browser.type("#p-referral-referrer_points", "200");
            browser.type("#p-referral-min_receipt_minor", "500");
            browser.type("#p-referral-monthly_cap", "5");
            List<String> changed = browser.texts("#diff tbody td:first-child");
            assertTrue(changed.containsAll(List.of("Уровень gold", "Категория tobacco", "Множитель 1", "Множитель 2", "День рождения",
                    "Рекомендации")), changed.toString());
            String happyHours = browser.text("#diff tbody tr:nth-child(4) td:nth-child(3)");
            assertTrue(happyHours.contains("10:00-14:00") && happyHours.contains("01.01.2026"), happyHours);
            scrollTo(browser, "#programme-form");
            browser.screenshot("programme-forms");
            scrollTo(browser, "#changes");
            browser.screenshot("programme-changes");

            // the what-if over a period that includes today's receipt: 10 points actually, 15 under the draft
            ((JavascriptExecutor) browser.driver).executeScript("document.getElementById('w-to').value = arguments[0]",
                    java.time.LocalDate.now(java.time.ZoneId.of("Europe/Moscow")).toString());
            browser.find("#whatif-run").click();
            browser.waitVisible("#whatif-table");
            assertEquals(List.of("10", "0", "0,00 ₽"), browser.texts("#whatif-table tbody td:nth-child(2)").stream().map(ProgrammeFormsBrowserTest::plain).toList());
            assertEquals("15", browser.text("#whatif-table tbody tr:first-child td:nth-child(3)"), "dairy 100 ₽ × 5 % × 3, tobacco nothing");
            assertEquals("2", browser.find("#whatif-chart").getAttribute("data-points"), "actual and draft side by side");
            scrollTo(browser, "#whatif");
            browser.screenshot("programme-whatif");

            // the server's own refusal lands beside the field its JSON path names, and goes when that field is fixed
            browser.type(path("tiers[1].code"), "base");
            browser.find("#publish").click();
            browser.waitVisible("#publish-dialog");
            browser.find("#publish-confirm").click();
            browser.waitVisible(".form-error");
            assertFalse(browser.text(errorOf("tiers[1].code")).isBlank(), "the duplicate code is refused beside its input");
            assertTrue(browser.find(path("tiers[1].code")).getAttribute("class").contains("invalid"));
            browser.type(path("tiers[1].code"), "gold");
            assertEquals("", browser.find(errorOf("tiers[1].code")).getText());
            headOffice(chain).get("/api/admin/v1/program").then().body("version", equalTo(version));

            // publishing asks first, saying what changes and from when
            browser.find("#publish").click();
            WebElement dialog = browser.waitVisible("#publish-dialog");
            assertEquals("Опубликовать черновик как версию " + (version + 1) + "?", browser.text("#publish-dialog-title"));
            assertTrue(browser.text("#publish-dialog-when").startsWith("Вступит в силу сейчас"));
            assertTrue(dialog.getText().contains("Множитель 1"), dialog.getText());
            browser.screenshot("programme-publish-dialog");
            browser.find("#publish-confirm").click();
            browser.waitText("#prog-status", "Опубликована версия " + (version + 1));
        }

        headOffice(chain).get("/api/admin/v1/program").then()
                .body("version", equalTo(version + 1))
                .body("tiers[1].min_spend_minor", equalTo(500_000))
                .body("categories[0].category", equalTo("tobacco"))
                .body("categories[0].earn", equalTo(false))
                .body("multipliers[0].category", equalTo("dairy"))
                .body("multipliers[0].factor", equalTo(3))
                .body("multipliers[1].category", equalTo(null))
                .body("multipliers[1].factor", equalTo(1.5f))
                .body("multipliers[1].weekdays", equalTo(List.of(1, 6)))
                .body("multipliers[1].hours", equalTo("10:00-14:00"))
                .body("multipliers[1].from", org.hamcrest.Matchers.startsWith("2026-01-01T00:00"))
                .body("multipliers[1].to", org.hamcrest.Matchers.startsWith("2026-02-01T00:00"))
                .body("birthday.multiplier", equalTo(2)).body("birthday.window_days", equalTo(7))
                .body("referral.friend_points", equalTo(100)).body("referral.referrer_points", equalTo(200))
                .body("referral.min_receipt_minor", equalTo(50_000)).body("referral.monthly_cap", equalTo(5));
        // the till earns by the new rule: dairy 10 000 × 5 % × 3 = 1 500 kopecks = 15 points, tobacco nothing
        PosApi.record(till, dairyAndTobacco(phone)).statusCode(201).body("points_earned", equalTo(15));
    }

    @Test
    void historyNamesTheAuthorAndGoingBackIsANewVersion() {
        Fixtures.Chain chain = fixtures.chain();
        Map<String, Object> doc = headOffice(chain).get("/api/admin/v1/program").then().extract().jsonPath().getMap("$");
        doc.remove("version");
        doc.remove("effective_from");
        doc.put("expiry_days", 180);
        headOffice(chain).contentType("application/json").body(doc).put("/api/admin/v1/program").then().statusCode(200)
                .body("version", equalTo(2));

        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            browser.page("/console/programme");
            assertEquals("180", browser.find("#p-expiry_days").getAttribute("value"));
            assertEquals(List.of("2", "1"), browser.texts("#programme-versions tbody td:first-child"));
            assertEquals(chain.adminEmail(), browser.text("#programme-versions tbody tr:first-child td:nth-child(3)"));
            scrollTo(browser, "#history");
            browser.screenshot("programme-history");

            browser.find("[data-restore='1']").click();
            browser.waitVisible("#publish-dialog");
            assertEquals("Вернуть версию 1 как версию 3?", browser.text("#publish-dialog-title"));
            assertTrue(browser.text("#publish-dialog-diff").contains("180"), "the dialog shows what going back changes");
            browser.find("#publish-confirm").click();
            browser.waitText("#prog-status", "Опубликована версия 3");
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> "365".equals(d.findElement(By.id("p-expiry_days")).getAttribute("value")));

            // promo codes: a fixed discount is typed in rubles
            browser.page("/console/promo-codes");
            browser.type("#pr-code", "MINUS150");
            new org.openqa.selenium.support.ui.Select(browser.find("#pr-kind")).selectByValue("fixed");
            browser.type("#pr-value", "150");
            browser.find("#promo-form button[type=submit]").click();
            browser.waitText("#promo-codes", "MINUS150");
            assertEquals("150,00 ₽", plain(browser.text("#promo-codes tbody tr:first-child td:nth-child(3)")));
        }
        headOffice(chain).get("/api/admin/v1/program").then().body("version", equalTo(3)).body("expiry_days", equalTo(365));
        headOffice(chain).get("/api/admin/v1/program/versions").then().body("$", hasSize(3));
        headOffice(chain).get("/api/admin/v1/promo-codes").then().body("find { it.code == 'MINUS150' }.amount_minor", equalTo(15_000));
    }
}
