package io.kopilka.console;

import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.reports.ReportRollups;
import io.kopilka.reports.YearOfReceipts;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The report figures as a Russian-speaking user reads them in Chromium: the retention page over a year shows
 * counts that add up (start + new − lost = end) and no impossible rate, for head office and for a franchisee;
 * the dashboard's economics card shows the API's like-with-like figures; the settlement page says who owes whom.
 */
@QuarkusTest
class FiguresBrowserTest {

    private static final String ALFA_PASSWORD = "alfa-password";

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

    @Test
    void aYearOfFiguresReconcilesOnEveryReportPage() {
        Fixtures.Chain chain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Альфа");
        long beta = fixtures.franchisee(chain.id(), "Бета");
        Fixtures.Till a = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        Fixtures.Till b = fixtures.till(chain.id(), "Europe/Moscow", beta);
        Fixtures.Till h = fixtures.till(chain.id(), "Europe/Moscow", null);
        String alfaUser = fixtures.franchiseeUser(chain.id(), alfa, ALFA_PASSWORD);
        YearOfReceipts.buy(fixtures, chain.id(), List.of(a, b, h), 120, 18);
        // Alfa's points spent at Beta (100) and at head office (50), Beta's at Alfa (30)
        String alfaCustomer = newPhone();
        pointsEarnedAt(a, enrol(a, alfaCustomer), 300, chain.id());
        record(b, receipt(newReceiptNo(), alfaCustomer, 100, 100_000)).statusCode(201);
        record(h, receipt(newReceiptNo(), alfaCustomer, 50, 100_000)).statusCode(201);
        String betaCustomer = newPhone();
        pointsEarnedAt(b, enrol(b, betaCustomer), 300, chain.id());
        record(a, receipt(newReceiptNo(), betaCustomer, 30, 100_000)).statusCode(201);
        rollups.refresh(Instant.now());

        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            JsonPath economics = report(chain.adminEmail(), chain.adminPassword(), "economics");
            assertEquals(economics.getLong("points_earned"), count(browser, "economics_points_earned"));
            assertEquals(economics.getLong("points_redeemed"), count(browser, "economics_points_redeemed"));
            assertEquals(economics.getLong("points_expired"), count(browser, "points_expired"));
            assertEquals(economics.getLong("liability_points"), count(browser, "liability_points"));
            browser.screenshot("figures-dashboard");

            retentionReconciles(browser, report(chain.adminEmail(), chain.adminPassword(), "retention"));
            browser.screenshot("figures-retention-head-office");

            browser.page("/console/settlement");
            List<String> net = browser.texts("#settlement-net-table tbody tr");
            assertEquals(2, net.size(), net.toString());
            assertTrue(net.stream().anyMatch(r -> r.contains("Альфа → Бета")), net.toString());
            assertTrue(net.stream().anyMatch(r -> r.contains("Альфа → Головной офис")), net.toString());
            assertTrue(browser.texts("#settlement-gross-table tbody tr").stream()
                    .anyMatch(r -> r.startsWith("Бета") && r.contains("Альфа")), "the gross rows stay");
            browser.screenshot("figures-settlement");
        }
        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(alfaUser, ALFA_PASSWORD);
            retentionReconciles(browser, report(alfaUser, ALFA_PASSWORD, "retention"));
            browser.screenshot("figures-retention-franchisee");
        }
    }

    /** The retention page's default period (the last 365 days): its counts and rates against the API's. */
    private static void retentionReconciles(Browser browser, JsonPath api) {
        browser.page("/console/retention");
        long start = count(browser, "customers_at_start");
        long gained = count(browser, "new_customers");
        long lost = count(browser, "lost_customers");
        long end = count(browser, "customers_at_end");
        assertEquals(end, start + gained - lost, "the counts add up on the page");
        assertEquals(api.getLong("customers_at_start"), start);
        assertEquals(api.getLong("customers_at_end"), end);
        for (String rate : List.of("crr", "churn")) {
            String shown = browser.text("[data-kpi=" + rate + "] .kpi-value");
            if (api.get(rate) == null) {
                assertTrue(shown.startsWith("—") && shown.contains("меньше 30"), shown);
            } else {
                double value = Double.parseDouble(shown.replace(',', '.').replaceAll("[^0-9.]", ""));
                assertTrue(value >= 0 && value <= 100, shown);
                assertEquals(api.getDouble(rate), value, 0.051, shown);
            }
        }
        assertTrue(browser.text("#retention-equation").contains(" = "), "the equation is written out");
        assertEquals(api.getList("trend").size(), browser.texts("#retention-months tbody tr").size());
    }

    private static long count(Browser browser, String kpi) {
        return Long.parseLong(browser.text("[data-kpi=" + kpi + "] .kpi-value").replaceAll("[^0-9]", ""));
    }

    /** The report over the pages' default year (the last 365 days up to the chain's today). */
    private static JsonPath report(String email, String password, String name) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Moscow"));
        return given().auth().preemptive().basic(email, password).queryParam("from", today.minusDays(364).toString()).queryParam("to", today.toString())
                .get("/api/reports/v1/" + name).then().statusCode(200).extract().jsonPath();
    }

    /** Spendable points on a lot booked to the till's store, as if a receipt there had earned them. */
    private void pointsEarnedAt(Fixtures.Till till, long customerId, long points, long chainId) {
        long lot = PosApi.grant(fixtures, chainId, customerId, points);
        fixtures.execute("UPDATE point_lots SET store_id = ? WHERE chain_id = ? AND id = ?", till.storeId(), chainId, lot);
    }
}
