package io.kopilka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.reports.ReportRollups;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One language per screen in a real (English) Chromium: a Russian page shows dates as dd.mm.yyyy in its date
 * fields, tables and chart axes (never the browser's mm/dd/yyyy), takes a date typed the Russian way, and shows
 * the API's problem in Russian beside its field, cleared when corrected.
 */
@QuarkusTest
class LanguageBrowserTest {

    private static final String RU_DAY = "\\d{2}\\.\\d{2}\\.\\d{4}";

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
    void aRussianPageInAnEnglishBrowserSpeaksRussianThroughout() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String phone = PosApi.newPhone();
        PosApi.enrol(till, phone);
        PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), phone, null, 80_000)).statusCode(201);
        rollups.refresh(Instant.now());

        try (Browser browser = Browser.open(base.toString(), "en-US,en")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            browser.find("#lang-switch a[data-lang=ru]").click();
            browser.waitReady();
            browser.page("/console/trends");
            assertEquals("Динамика", browser.text("#page-title"));
            assertTrue(browser.texts("input[type=date]").isEmpty(), "no native date input: it would follow the browser");
            String from = browser.find("[data-date-for=f-from]").getAttribute("value");
            String to = browser.find("[data-date-for=f-to]").getAttribute("value");
            assertTrue(from.matches(RU_DAY) && to.matches(RU_DAY), from + " " + to);
            assertEquals(LocalDate.parse(browser.find("#f-to").getAttribute("value"))
                    .format(DateTimeFormatter.ofPattern("dd.MM.yyyy")), to, "the field shows the ISO day it holds");
            @SuppressWarnings("unchecked")
            List<Object> labels = (List<Object>) browser.script(
                    "const c = window.Chart && Chart.getChart('sales-chart'); return c ? c.data.labels : [];");
            assertFalse(labels.isEmpty(), "the sales chart has a period axis");
            labels.forEach(l -> assertTrue(String.valueOf(l).matches(RU_DAY), "axis label " + l));

            // a day typed the Russian way is what the report is asked for
            LocalDate weekAgo = LocalDate.now(ZoneId.of("Europe/Moscow")).minusDays(7);
            browser.type("[data-date-for=f-from]", weekAgo.format(DateTimeFormatter.ofPattern("dd.MM.yyyy")));
            assertEquals(weekAgo.toString(), browser.find("#f-from").getAttribute("value"));
            browser.find("#filters button[type=submit]").click();
            browser.waitReady();
            browser.screenshot("language-ru-trends");

            // the API's problem in Russian beside its field, gone once the field is right
            browser.page("/console/stores");
            browser.type("#st-code", "s-lang");
            browser.type("#st-name", "Магазин на Арбате");
            browser.type("#st-timezone", "Mars/Base");
            browser.find("#store-form button[type=submit]").click();
            browser.waitVisible("#store-form ~ .form-error");
            browser.waitText("#store-form [data-field=timezone]", "нужен часовой пояс IANA");
            String alert = browser.text("#store-form ~ .form-error");
            assertFalse(alert.matches("(?s).*\\b(must|is not|Not found)\\b.*"), "no English: " + alert);
            assertTrue(alert.startsWith("Поле «Часовой пояс»:") && !alert.contains("timezone"), "the field in words, not its path: " + alert);
            browser.screenshot("language-ru-problem");
            browser.type("#st-timezone", "Europe/Moscow");
            browser.find("#store-form button[type=submit]").click();
            browser.waitText("#store-table", "s-lang");
            assertEquals("", browser.text("#store-form [data-field=timezone]"), "the corrected field's error is gone");
        }
        keepForDocs("language-ru-trends");
        keepForDocs("language-ru-problem");
    }

    private static void keepForDocs(String name) throws Exception {
        Path docs = Path.of("docs", "console");
        Files.createDirectories(docs);
        Files.copy(Browser.SCREENSHOTS.resolve(name + ".png"), docs.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
