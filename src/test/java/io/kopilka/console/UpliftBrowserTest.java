package io.kopilka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kopilka.reports.UpliftFixtures;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A marketing manager reads what a campaign brought back, in Russian, in Chromium: the messaged and the held-out
 * customers side by side, the day-by-day return curve, and the verdict in words — "brought back about N more" for a
 * clear effect, "not significant yet, about K more customers needed" for none; a bad window is named beside its field.
 */
@QuarkusTest
class UpliftBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @BeforeAll
    static void chromium() {
        Browser.requireChromium();
    }

    @Test
    void theCampaignPageShowsBothGroupsTheCurveAndTheVerdict() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        long strong = UpliftFixtures.campaign(fixtures, chain.id(), till, 3_000, 0.20, 0.35, 11L);
        long none = UpliftFixtures.campaign(fixtures, chain.id(), till, 1_000, 0.20, 0.20, 12L);

        try (Browser browser = Browser.open(base.toString(), "ru-RU,ru")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            browser.page("/console/campaigns");
            browser.find("button[data-open='" + strong + "']").click();
            browser.find("#campaign-uplift").click();
            browser.waitText("#uplift-verdict", "Кампания вернула примерно на");
            assertEquals("2 700", nbsp(browser.text("[data-group=treated][data-row=customers]")));
            assertEquals("300", browser.text("[data-group=control][data-row=customers]"));
            assertEquals("true", browser.script("return document.getElementById('uplift-verdict').dataset.significant"));
            assertEquals("30", browser.script("return document.getElementById('uplift-curve').dataset.points"));
            String verdict = nbsp(browser.text("#uplift-verdict"));
            assertTrue(verdict.contains("за 30 дней"), verdict);
            assertTrue(verdict.matches("(?s).*вернулись \\d+(,\\d)? % получивших SMS против \\d+(,\\d)? % в контрольной группе.*"), verdict);
            // the figures are the refresher's: the page says as of when
            assertTrue(browser.text("#uplift-as-of").matches("Данные на \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} .*"),
                    browser.text("#uplift-as-of"));
            browser.screenshot("head-office-campaign-uplift");

            browser.type("#uplift-days", "0");
            browser.find("#uplift-form button[type=submit]").click();
            browser.waitText(".field-error[data-field=days]", "365");

            browser.find("button[data-open='" + none + "']").click();
            browser.find("#campaign-uplift").click();
            browser.waitText("#uplift-verdict", "Пока незначимо");
            String wait = nbsp(browser.text("#uplift-verdict"));
            assertTrue(wait.matches("(?s).*нужно ещё примерно \\d[\\d ]* покупателей.*"), wait);
            browser.screenshot("head-office-campaign-uplift-not-yet");
        }
    }

    private static String nbsp(String s) {
        return s.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

}
