package io.kopilka.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import io.kopilka.pos.PosApi;
import io.kopilka.reports.ReportRollups;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Customers and people in the Russian console (issue 18, part 5): head office finds a customer by name, opens the
 * page and sees receipts with their lines and the consent history; a segment's top customer opens the same page;
 * a franchisee user is created and the audit log shows it; campaign settings are saved; a franchisee finds its
 * customer masked. Screenshots go to docs/console/.
 */
@QuarkusTest
class PeopleBrowserTest {

    static final Path DOCS = Path.of("docs", "console");

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    /** The screenshot of the test run, also kept in docs/console/ for docs/console.md. */
    private static void shot(Browser browser, String name) throws IOException {
        browser.screenshot(name);
        Files.createDirectories(DOCS);
        Files.copy(Browser.SCREENSHOTS.resolve(name + ".png"), DOCS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void scrollTo(Browser browser, String css) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "document.querySelector(arguments[0]).scrollIntoView()", css);
    }

    @Test
    void headOfficeFindsACustomerByNameAndManagesPeople() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        long sever = fixtures.franchisee(chain.id(), "Север");
        Fixtures.Till own = fixtures.till(chain.id());
        Fixtures.Till franchised = fixtures.till(chain.id(), "Europe/Moscow", sever);
        String olgaPhone = PosApi.newPhone();
        long olga = PosApi.as(franchised).body(Map.of("phone", olgaPhone, "name", "Ольга Сидорова", "birth_date", "1990-03-14",
                "sms_consent", true)).post(PosApi.CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
        PosApi.record(franchised, PosApi.receipt(PosApi.newReceiptNo(), olgaPhone, null, 120_000, 35_050)).statusCode(201);
        PosApi.as(franchised).body("{\"sms_consent\": false}").post(PosApi.CUSTOMERS + "/" + olga + "/consent").then().statusCode(200);
        String borisPhone = PosApi.newPhone();
        PosApi.as(own).body(Map.of("phone", borisPhone, "name", "Борис Сидоров", "sms_consent", true))
                .post(PosApi.CUSTOMERS).then().statusCode(201);
        PosApi.record(own, PosApi.receipt(PosApi.newReceiptNo(), borisPhone, null, 40_000)).statusCode(201);
        rollups.refresh(Instant.now());
        String franchiseeEmail = "sever-" + chain.id() + "@chain.test";

        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            List<String> menu = browser.texts("#nav a");
            assertTrue(menu.containsAll(List.of("Пользователи", "Журнал аудита", "Настройки рассылок")), menu.toString());

            // a part of the name lists both; the link opens Olga's page
            browser.page("/console/customers");
            browser.type("#cu-phone", "сидоров");
            browser.find("#lookup-form button[type=submit]").click();
            browser.waitVisible("#customer-matches");
            assertEquals(List.of("Борис Сидоров", "Ольга Сидорова"), browser.texts("#customer-matches tbody td:first-child"));
            shot(browser, "customers-search");
            browser.driver.findElement(By.linkText("Ольга Сидорова")).click();
            browser.waitReady();
            browser.waitVisible("#receipts");
            assertEquals("Ольга Сидорова", browser.text("#customer-name"));
            assertEquals(List.of(franchised.storeCode()), browser.texts("#receipts tbody td:nth-child(2)"));
            assertEquals("14.03.1990", browser.text("[data-summary='Дата рождения']"), "head office sees the whole date");
            assertTrue(browser.text("[data-summary='Покупки за 12 месяцев']").startsWith("1 550,50"),
                    browser.text("[data-summary='Покупки за 12 месяцев']"));
            browser.find(".receipt-toggle").click();
            browser.waitVisible("tr.receipt-lines");
            assertEquals(2, browser.driver.findElements(By.cssSelector("tr.receipt-lines tbody tr")).size());
            List<String> consent = browser.texts("#consents tbody td");
            assertEquals("Отозвано", consent.get(1), consent.toString());
            assertEquals("На кассе", consent.get(2), consent.toString());
            assertEquals(franchised.storeCode(), consent.get(3), consent.toString());
            scrollTo(browser, "#receipts-table");
            shot(browser, "customer-page");

            // a segment's top customer opens the customer page
            browser.page("/console/segments");
            browser.find("#top-customers tbody a.customer-link").click();
            browser.waitReady();
            browser.waitVisible("#receipts");
            assertTrue(browser.driver.getCurrentUrl().contains("/console/customers?id="), browser.driver.getCurrentUrl());
            assertFalse(browser.text("#customer-name").isBlank());

            // a franchisee user, created from the console, can sign in; the audit log shows who created it
            browser.page("/console/users");
            browser.type("#us-email", franchiseeEmail);
            browser.type("#us-password", "short");
            new Select(browser.find("#us-franchisee")).selectByVisibleText("Север");
            browser.find("#user-submit").click();
            browser.waitVisible(".form-error");
            assertFalse(browser.text("[data-field=password]").isBlank(), "the password's problem is beside it");
            browser.type("#us-password", "sever-password-1");
            browser.find("#user-submit").click();
            browser.waitText("#users", franchiseeEmail);
            assertTrue(browser.text("[data-field=password]").isBlank(), "the corrected field's problem is gone");
            shot(browser, "users");
            given().auth().preemptive().basic(franchiseeEmail, "sever-password-1").get("/api/reports/v1/customers/" + olga)
                    .then().statusCode(200).body("name", equalTo("Ольга Сидорова"));

            browser.page("/console/audit");
            new Select(browser.find("#au-entity")).selectByValue("user");
            browser.find("#audit-form button[type=submit]").click();
            browser.waitText("#audit", franchiseeEmail);
            List<String> row = browser.texts("#audit tbody tr:first-child td");
            assertEquals(chain.adminEmail(), row.get(1), row.toString());
            assertEquals("Создание", row.get(2), row.toString());
            assertTrue(row.get(3).startsWith("Пользователь #"), row.toString());
            shot(browser, "audit-log");

            // campaign settings: a weekly cap and the price of an SMS part in roubles
            browser.page("/console/campaign-settings");
            browser.type("#cs-weekly-cap", "3");
            browser.type("#cs-part-price", "4.2");
            browser.find("#settings-submit").click();
            browser.waitText("#settings-status", "Сохранено.");
            given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).get("/api/admin/v1/campaigns/settings")
                    .then().body("weekly_cap", equalTo(3)).body("sms_part_price_minor", equalTo(420));
            shot(browser, "campaign-settings");
        }

        // the franchisee finds its customer by name, masked
        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(franchiseeEmail, "sever-password-1");
            assertFalse(browser.texts("#nav a").contains("Пользователи"));
            browser.page("/console/customers");
            browser.type("#cu-phone", "Ольга");
            browser.find("#lookup-form button[type=submit]").click();
            browser.waitVisible("#receipts");
            assertFalse(browser.text("#customer").contains(olgaPhone), "the full phone is nowhere on the page");
            assertEquals(List.of(franchised.storeCode()), browser.texts("#receipts tbody td:nth-child(2)"));
            assertEquals("14 марта", browser.text("[data-summary='Дата рождения']"), "a franchisee sees no year");
            scrollTo(browser, "#customer-summary");
            shot(browser, "franchisee-customer-page");
        }
    }
}
