package io.kopilka.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.kopilka.platform.StaffSessions;
import io.kopilka.pos.PosApi;
import io.kopilka.reports.ReportRollups;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The console in a real browser (Debian's headless Chromium): what head office and a franchisee each see, a
 * programme change published through the editor, terminals, promo codes, a manual adjustment, a customer's edit,
 * merge and erasure, the franchisee's read-only customer page, the language switch. Screenshots of every page land in target/screenshots/.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final String FRANCHISEE_PASSWORD = "franchisee-password";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    private static io.restassured.specification.RequestSpecification basic(String email, String password) {
        return given().auth().preemptive().basic(email, password);
    }

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    @Test
    void headOfficeRunsTheChainFromTheConsole() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        long sever = fixtures.franchisee(chain.id(), "Sever Trade");
        Fixtures.Till own = fixtures.till(chain.id());
        Fixtures.Till franchised = fixtures.till(chain.id(), "Europe/Moscow", sever);
        String phone = PosApi.newPhone();
        PosApi.enrol(own, phone);
        String duplicatePhone = PosApi.newPhone();
        PosApi.grant(fixtures, chain.id(), PosApi.enrol(own, duplicatePhone), 100);
        String leavingPhone = PosApi.newPhone();
        PosApi.enrol(own, leavingPhone);
        PosApi.record(own, PosApi.receipt(PosApi.newReceiptNo(), phone, null, 80_000)).statusCode(201);
        PosApi.record(franchised, PosApi.receipt(PosApi.newReceiptNo(), null, null, 20_000)).statusCode(201);
        rollups.refresh(Instant.now());
        int version = basic(chain.adminEmail(), chain.adminPassword()).get("/api/admin/v1/program").then()
                .extract().path("version");

        try (Browser browser = Browser.open(base.toString(), "en-US,en")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            assertEquals("Dashboard", browser.text("#page-title"));
            assertTrue(browser.text("#chain-name").startsWith("Chain "), "the header names the chain");
            assertEquals(chain.adminEmail(), browser.text("#user-email"));
            List<String> menu = browser.texts("#nav a");
            assertTrue(menu.containsAll(List.of("Dashboard", "Trends", "Programme", "Stores & terminals", "Promo codes",
                    "Campaigns", "Customers")), menu.toString());
            List<String> stores = browser.texts("#stores tbody td:first-child");
            assertTrue(stores.containsAll(List.of(own.storeCode(), franchised.storeCode())), stores.toString());
            assertEquals("2", browser.text("[data-kpi=receipts] .kpi-value"), "both stores' receipts");
            assertEquals("50 %", browser.text("[data-kpi=loyalty_share] .kpi-value"), "one of the two with a customer");
            assertTrue(browser.find("#sales-chart").isDisplayed());
            browser.screenshot("head-office-dashboard");

            // the programme editor: change the redemption cap, publish, and the API serves the new version
            browser.page("/console/programme");
            assertEquals("30", browser.find("#p-max_redeem_share_pct").getAttribute("value"));
            browser.type("#p-max_redeem_share_pct", "45");
            browser.find("#publish").click();
            browser.waitVisible("#publish-dialog"); // publishing asks first (ProgrammeFormsBrowserTest)
            browser.find("#publish-confirm").click();
            browser.waitText("#prog-status", "Published as version " + (version + 1));
            basic(chain.adminEmail(), chain.adminPassword()).get("/api/admin/v1/program").then()
                    .body("version", equalTo(version + 1), "max_redeem_share_pct", equalTo(45));
            browser.screenshot("head-office-programme");

            // an impossible value is refused by the API and shown next to its field; nothing is published
            browser.type("#p-max_redeem_share_pct", "150");
            browser.find("#publish").click();
            browser.waitVisible(".form-error");
            assertFalse(browser.text("[data-field=max_redeem_share_pct]").isBlank(), "the field's error is shown");
            basic(chain.adminEmail(), chain.adminPassword()).get("/api/admin/v1/program").then()
                    .body("version", equalTo(version + 1));
            browser.screenshot("head-office-programme-error");

            // the what-if of an impossible draft shows the API's refusal; of a possible one, actual next to draft
            browser.find("#whatif-run").click();
            browser.waitVisible("#whatif-error");
            browser.type("#p-max_redeem_share_pct", "45");
            browser.find("#whatif-run").click();
            browser.waitVisible("#whatif-table");

            // terminals: a key is shown once, then the terminal can be revoked
            browser.page("/console/stores");
            browser.find("[data-terminals='" + own.storeId() + "']").click();
            browser.waitVisible("#terminal-form");
            browser.type("#te-name", "Till 9");
            browser.find("#terminal-form button[type=submit]").click();
            browser.waitVisible("#new-key");
            assertTrue(browser.text("#new-key-value").startsWith("kpk_"), "the new key is shown");
            browser.screenshot("head-office-terminals");
            long terminalId = fixtures.queryLong("SELECT id FROM terminals WHERE chain_id = ? AND name = 'Till 9'", chain.id());
            browser.find("[data-revoke='" + terminalId + "']").click();
            Alert confirm = new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            confirm.accept();
            new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10)).until(d -> fixtures.queryLong(
                    "SELECT count(*) FROM terminals WHERE id = ? AND revoked_at IS NOT NULL", terminalId) == 1);

            // promo codes: create, then disable
            browser.page("/console/promo-codes");
            browser.type("#pr-code", "AUTUMN10");
            browser.type("#pr-value", "10");
            browser.find("#promo-form button[type=submit]").click();
            browser.waitText("#promo-codes", "AUTUMN10");
            browser.find("[data-disable='AUTUMN10']").click();
            browser.waitText("#promo-codes", "Disabled");
            browser.screenshot("head-office-promo-codes");

            // a customer by phone: balance, ledger, and a manual adjustment with its reason
            browser.page("/console/customers");
            browser.type("#cu-phone", phone);
            browser.find("#lookup-form button[type=submit]").click();
            browser.waitVisible("#customer-kpis");
            browser.type("#ad-points", "250");
            browser.type("#ad-reason", "Complaint 42: goodwill");
            browser.find("#adjust-submit").click();
            browser.waitText("#ledger", "Complaint 42: goodwill");
            browser.waitText("[data-kpi=available] .kpi-value", "250");
            browser.screenshot("head-office-customer");

            // the customer's details: a new name is saved and shown; a refused phone is shown beside its field
            browser.type("#ed-name", "Anna Petrova");
            browser.find("#edit-submit").click();
            browser.waitText("#customer-name", "Anna Petrova");
            browser.waitText("#edit-status", "Saved.");
            basic(chain.adminEmail(), chain.adminPassword()).queryParam("phone", phone).get("/api/admin/v1/customers").then()
                    .body("name", equalTo("Anna Petrova"));
            browser.type("#ed-phone", "12");
            browser.find("#edit-submit").click();
            browser.waitText("#edit-form [data-field=phone]", "not a valid phone number");
            basic(chain.adminEmail(), chain.adminPassword()).queryParam("phone", phone).get("/api/admin/v1/customers").then()
                    .statusCode(200);
            browser.screenshot("head-office-customer-edit-error");
            browser.type("#ed-phone", phone);

            // a duplicate found by its phone is merged after a confirmation naming its points
            browser.type("#mg-value", duplicatePhone);
            browser.find("#merge-submit").click();
            Alert merge = new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            assertTrue(merge.getText().contains("100 points"), merge.getText());
            merge.accept();
            browser.waitText("[data-kpi=available] .kpi-value", "350");
            basic(chain.adminEmail(), chain.adminPassword()).queryParam("phone", duplicatePhone).get("/api/admin/v1/customers")
                    .then().body("name", equalTo("Anna Petrova"));
            browser.screenshot("head-office-customer-merged");

            // erasure on request: confirmed, then the page shows the pseudonym and no personal data or actions
            browser.type("#cu-phone", leavingPhone);
            browser.find("#lookup-form button[type=submit]").click();
            browser.waitText("#customer-facts", leavingPhone);
            browser.find("#erase-submit").click();
            Alert erase = new WebDriverWait(browser.driver, java.time.Duration.ofSeconds(10)).until(ExpectedConditions.alertIsPresent());
            assertTrue(erase.getText().contains("cannot be undone"), erase.getText());
            erase.accept();
            browser.waitText("#customer-status", "Personal data erased");
            assertTrue(browser.text("#customer-name").startsWith("erased-"), browser.text("#customer-name"));
            assertFalse(browser.text("#customer-facts").contains(leavingPhone));
            assertFalse(browser.find("#erase-submit").isDisplayed(), "no actions on an erased customer");
            basic(chain.adminEmail(), chain.adminPassword()).queryParam("phone", leavingPhone).get("/api/admin/v1/customers")
                    .then().statusCode(404);
            browser.screenshot("head-office-customer-erased");

            // a campaign: created with a text per language, previewed (audience, parts, cost), launched, cancelled
            browser.page("/console/campaigns");
            browser.type("#c-name", "Autumn weekend");
            browser.type("#c-tpl-ru", "{name}, у вас {balance} баллов. Ждём в выходные!");
            browser.type("#c-tpl-en", "{name}, you have {balance} points. See you at the weekend!");
            browser.type("#c-holdout", "20");
            browser.find("#campaign-form button[type=submit]").click();
            browser.waitText("#campaigns", "Autumn weekend");
            browser.waitText("#campaign-holdout", "Control group, %: 20 %");
            browser.find("#campaign-preview").click();
            browser.waitVisible("#preview");
            assertEquals("1", browser.text("[data-kpi=audience] .kpi-value"), "the one customer with SMS consent");
            assertFalse(browser.text("[data-kpi=sms_parts] .kpi-value").equals("0"));
            browser.screenshot("head-office-campaign-preview");
            browser.find("#campaign-launch").click();
            browser.waitText("#campaign-title", "Scheduled");
            browser.find("#campaign-cancel").click();
            browser.waitText("#campaign-title", "Cancelled");
            browser.find("#campaign-launch").click();
            browser.waitVisible("#campaign-error");
            browser.screenshot("head-office-campaigns");

            // a message the job was handing to the gateway when it was killed: unknown, resent with one click
            long campaignId = fixtures.queryLong("SELECT id FROM campaigns WHERE chain_id = ? AND name = 'Autumn weekend'", chain.id());
            fixtures.execute("""
                    INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, not_before,
                                            attempted_at, error)
                    SELECT chain_id, ?, id, phone, 'en', 'See you at the weekend!', 1, 'unknown', now(), now(),
                           'the worker stopped while the gateway was being called' FROM customers WHERE chain_id = ? AND phone = ?""",
                    campaignId, chain.id(), phone);
            // and a customer the job held out as the control group
            fixtures.execute("""
                    INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, skip_reason,
                                            not_before)
                    SELECT chain_id, ?, id, phone, 'en', '', 0, 'skipped', 'held_out', now() FROM customers
                     WHERE chain_id = ? AND phone <> ? ORDER BY id LIMIT 1""", campaignId, chain.id(), phone);
            browser.find("#campaign-stats").click();
            browser.waitText("[data-kpi=unknown] .kpi-value", "1");
            assertEquals("1", browser.text("[data-kpi=held_out] .kpi-value"), "the control group's count");
            browser.screenshot("head-office-campaign-unknown");
            browser.find("#campaign-resend-unknown").click();
            browser.waitText("[data-kpi=unknown] .kpi-value", "0");
            assertEquals(1, fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE campaign_id = ? AND status = 'queued'"
                    + " AND resent_at IS NOT NULL", campaignId), "back in the queue for the job's next run");
            browser.screenshot("head-office-campaign-unknown-resent");

            // the language switch: the same page in Russian, remembered in a cookie
            browser.find("#lang-switch a[data-lang=ru]").click();
            browser.waitReady();
            assertEquals("Рассылки", browser.text("#page-title"));
            browser.page("/console");
            assertEquals("Сводка", browser.text("#page-title"));
            assertEquals("ru", browser.find("html").getAttribute("lang"));
            browser.screenshot("head-office-dashboard-ru");
        }
    }

    @Test
    void aFranchiseeSeesOnlyItsOwnStoresAndNoHeadOfficePages() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        long sever = fixtures.franchisee(chain.id(), "Sever Trade");
        long ural = fixtures.franchisee(chain.id(), "Ural Retail");
        Fixtures.Till mine = fixtures.till(chain.id(), "Europe/Moscow", sever);
        Fixtures.Till theirs = fixtures.till(chain.id(), "Asia/Yekaterinburg", ural);
        Fixtures.Till headOffice = fixtures.till(chain.id());
        String email = fixtures.franchiseeUser(chain.id(), sever, FRANCHISEE_PASSWORD);
        // one loyalty receipt at the franchisee's store, two at another franchisee's: the console shows one
        String customer = PosApi.newPhone();
        PosApi.enrol(mine, customer);
        PosApi.record(mine, PosApi.receipt(PosApi.newReceiptNo(), customer, null, 120_000)).statusCode(201);
        PosApi.record(theirs, PosApi.receipt(PosApi.newReceiptNo(), customer, null, 50_000)).statusCode(201);
        PosApi.record(theirs, PosApi.receipt(PosApi.newReceiptNo(), customer, null, 70_000)).statusCode(201);
        rollups.refresh(Instant.now());

        try (Browser browser = Browser.open(base.toString(), "en-US,en")) {
            browser.signIn(email, FRANCHISEE_PASSWORD);
            assertEquals("Sever Trade", browser.text("#franchisee-name"));
            List<String> menu = browser.texts("#nav a");
            assertTrue(menu.containsAll(List.of("Dashboard", "Trends", "Retention", "Segments", "Exports", "Settlement")),
                    menu.toString());
            assertTrue(menu.contains("Customers"), "the customer page, read-only");
            for (String headOfficeOnly : List.of("Programme", "Stores & terminals", "Promo codes", "Campaigns")) {
                assertFalse(menu.contains(headOfficeOnly), headOfficeOnly + " is not in a franchisee's menu");
            }
            assertEquals(List.of(mine.storeCode()), browser.texts("#stores tbody td:first-child"));
            assertEquals("1", browser.text("[data-kpi=receipts] .kpi-value"), "only the franchisee's own receipt");
            assertEquals("100 %", browser.text("[data-kpi=loyalty_share] .kpi-value"));
            assertTrue(browser.text("[data-kpi=sales] .kpi-value").contains("1,200"), browser.text("[data-kpi=sales] .kpi-value"));
            assertEquals(List.of("1"), browser.texts("#stores tbody td:nth-child(3)"));
            browser.screenshot("franchisee-dashboard");

            for (String page : List.of("programme", "stores", "promo-codes", "campaigns")) {
                browser.page("/console/" + page);
                assertEquals("Page not found", browser.text("#not-found"), page);
            }
            browser.screenshot("franchisee-head-office-page-404");

            for (String page : List.of("trends", "retention", "segments", "settlement", "exports")) {
                browser.page("/console/" + page);
                assertTrue(browser.find("#filters").isDisplayed(), page);
                assertTrue(browser.texts(".report-error").stream().allMatch(String::isEmpty), page + " reports no error");
                List<String> options = browser.texts("#f-store option");
                assertEquals(2, options.size(), page + ": all stores and the franchisee's one: " + options);
                assertTrue(options.get(1).startsWith(mine.storeCode()), options.toString());
                assertFalse(String.join(" ", options).contains(theirs.storeCode()));
                assertFalse(String.join(" ", options).contains(headOffice.storeCode()));
                browser.screenshot("franchisee-" + page);
            }
            assertEquals(12, browser.texts("#export-table a").size(), "six reports, CSV and XLSX each");
            String export = browser.find("[data-export=sales][data-format=csv]").getAttribute("href");
            assertTrue(export.contains("/api/reports/v1/sales.csv?from="), export);
            // the link downloads with the session cookie, as the browser would send it
            String cookie = browser.driver.manage().getCookieNamed(StaffSessions.COOKIE).getValue();
            given().cookie(StaffSessions.COOKIE, cookie).get(export).then().statusCode(200)
                    .header("Content-Disposition", containsString("kopilka-sales-"))
                    .body(containsString(",Store " + mine.storeCode() + ","),
                            not(containsString(",Store " + theirs.storeCode() + ",")));

            // segments: the franchisee's customer, with the phone masked
            browser.page("/console/segments");
            List<String> phones = browser.texts("#top-customers tbody td:first-child");
            assertEquals(1, phones.size(), phones.toString());
            assertTrue(phones.get(0).contains("***"), phones.toString());
            assertTrue(phones.get(0).endsWith(customer.substring(customer.length() - 2)), phones.toString());
            browser.screenshot("franchisee-segments");

            // the customer page: read-only, phone masked, only the franchisee's own receipt and ledger lines
            browser.page("/console/customers");
            assertTrue(browser.driver.findElements(By.cssSelector("#edit-form, #adjust-form, #merge-form, #erase-form")).isEmpty(),
                    "no actions for a franchisee");
            browser.type("#cu-phone", customer);
            browser.find("#lookup-form button[type=submit]").click();
            browser.waitVisible("#receipts");
            String shown = browser.text("dd[data-fact='Phone']");
            assertTrue(shown.contains("***") && shown.endsWith(customer.substring(customer.length() - 2)), shown);
            assertFalse(browser.text("#customer").contains(customer), "the full phone is nowhere on the page");
            assertEquals(List.of(mine.storeCode()), browser.texts("#receipts tbody td:nth-child(2)"));
            List<String> ledgerStores = browser.texts("#ledger tbody td:nth-child(4)");
            assertFalse(ledgerStores.isEmpty());
            assertTrue(ledgerStores.stream().allMatch(mine.storeCode()::equals), ledgerStores.toString());
            assertEquals("Read only: receipts and ledger lines of your stores.", browser.text("#customer-status"));
            browser.screenshot("franchisee-customer");
        }
    }
}
