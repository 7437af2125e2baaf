package io.kopilka.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kopilka.reports.ReportRollups;
import io.kopilka.reports.YearOfReceipts;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every page of the console as a Russian-speaking head office and franchisee see it after a year of receipts: each
 * loads, shows no value the script failed to format and no American date, and leaves a screenshot
 * (target/screenshots/tour-*.png; the ones in docs/console/pages/ are copied from there).
 */
@QuarkusTest
class ConsoleTourTest {

    private static final Pattern AMERICAN_DATE = Pattern.compile("\\b(0?[1-9]|1[0-2])/(0?[1-9]|[12]\\d|3[01])/\\d{4}\\b");

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
    void everyPageOpensForHeadOfficeAndForAFranchisee() {
        Fixtures.Chain chain = fixtures.chain();
        long north = fixtures.franchisee(chain.id(), "Север");
        Fixtures.Till franchised = fixtures.till(chain.id(), "Europe/Moscow", north);
        Fixtures.Till own = fixtures.till(chain.id(), "Europe/Moscow", null);
        String franchiseeUser = fixtures.franchiseeUser(chain.id(), north, "north-password");
        YearOfReceipts.buy(fixtures, chain.id(), List.of(franchised, own), 60, 7);
        rollups.refresh(Instant.now());

        tour(chain.adminEmail(), chain.adminPassword(), "head-office", true);
        tour(franchiseeUser, "north-password", "franchisee", false);
    }

    private void tour(String email, String password, String role, boolean headOffice) {
        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(email, password);
            int opened = 0;
            for (ConsolePage page : ConsolePage.values()) {
                if (page.headOfficeOnly && !headOffice) {
                    continue;
                }
                browser.page(page.href());
                String shown = browser.text("body");
                assertFalse(shown.isBlank(), page.href());
                assertFalse(AMERICAN_DATE.matcher(shown).find(), page.href() + " shows an American date: " + shown);
                assertTrue(browser.texts("main h1, h1").stream().anyMatch(t -> !t.isBlank()), page.href() + " has a title");
                browser.screenshot("tour-" + role + "-" + (page.slug.isEmpty() ? "dashboard" : page.slug));
                opened++;
            }
            assertTrue(opened >= (headOffice ? ConsolePage.values().length : 6), role + " opened " + opened + " pages");
        }
    }
}
