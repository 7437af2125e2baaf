package io.kopilka.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Head office registers a webhook endpoint in the console, sees its deliveries, sends one again, disables it. */
@QuarkusTest
class WebhooksBrowserTest {

    static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        RECEIVER.start();
        RECEIVER.stubFor(post(urlPathEqualTo("/console-hook")).willReturn(aResponse().withStatus(200).withBody("thanks")));
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @Test
    void headOfficeAddsAnEndpointSeesItsDeliveriesAndSendsOneAgain() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String url = RECEIVER.baseUrl() + "/console-hook";
        try (Browser browser = Browser.open(base.toString(), "en-US,en")) {
            browser.signIn(chain.adminEmail(), chain.adminPassword());
            browser.page("/console/webhooks");
            assertEquals("Webhooks", browser.text("#page-title"));

            browser.find("#webhook-submit").click(); // nothing filled in: the fields say what is missing
            browser.waitText(".field-error[data-field=url]", "required");

            browser.type("#wh-url", url);
            browser.find("input[name=events][value='receipt.confirmed']").click();
            browser.find("#webhook-submit").click();
            browser.waitVisible("#webhook-secret");
            assertTrue(browser.text("#webhook-secret-value").startsWith("whsec_"), "the secret is shown once");
            browser.waitText("#webhooks-table", url);
            assertTrue(browser.text("#webhooks-table").contains("Enabled"));

            PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), null, null, 12_000)).statusCode(201);
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                    !RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/console-hook"))).isEmpty());
            browser.find("[data-deliveries]").click();
            browser.waitText("#deliveries-table", "Delivered");
            assertTrue(browser.text("#deliveries-table").contains("receipt.confirmed"));
            assertTrue(browser.text("#deliveries-table").contains("200 thanks"), "the receiver's answer is shown");

            browser.find("[data-retry]").click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                    RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/console-hook"))).size() == 2);
            Set<String> ids = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/console-hook"))).stream()
                    .map(r -> r.getHeader("webhook-id")).collect(Collectors.toSet());
            assertEquals(1, ids.size(), "sent again with the same webhook-id");

            browser.find("[data-toggle]").click();
            browser.waitText("#webhooks-table", "Disabled: disabled by head office");
            browser.screenshot("webhooks");
            browser.find("[data-toggle]").click();
            browser.waitText("#webhooks-table", "Enabled");
            List<String> audit = List.of(fixtures.queryString(
                    "SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE chain_id = ? AND entity LIKE 'webhook%'",
                    chain.id()).split(","));
            assertEquals(List.of("create", "retry", "update", "update"), audit);
        }
    }
}
