package io.kopilka.campaigns;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Opt-out links start with kopilka.public-base-url (https://club.test.kopilka in the test profile) unless the chain
 * chose its own base; the installation's address is never frozen into a chain's settings.
 */
@QuarkusTest
class PublicBaseUrlTest {

    static final String CAMPAIGNS = "/api/admin/v1/campaigns";
    static final String BASE = "https://club.test.kopilka";

    @Inject
    Fixtures fixtures;

    @Test
    void thePreviewsOptOutLinkUsesThePublicBaseUrlUntilTheChainChoosesItsOwn() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        PosApi.as(till).body(Map.of("phone", PosApi.newPhone(), "name", "Анна", "language", "ru", "sms_consent", true))
                .post(PosApi.CUSTOMERS).then().statusCode(201);
        RequestSpecification admin = given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword())
                .contentType(ContentType.JSON);
        long id = admin.body(Map.of("name", "Weekend", "templates", Map.of("ru", "{name}, скидка 10% в выходные!"),
                "send_at", Instant.now().plusSeconds(86400).toString())).post(CAMPAIGNS).then().statusCode(201)
                .extract().jsonPath().getLong("id");

        admin.post(CAMPAIGNS + "/" + id + "/preview").then().statusCode(200).body("sample", containsString(BASE + "/u/"));
        admin.get(CAMPAIGNS + "/settings").then().statusCode(200).body("opt_out_base_url", equalTo(BASE));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM campaign_settings WHERE chain_id = ? AND document::text LIKE ?",
                chain.id(), "%" + BASE + "%"), "the installation's address is not copied into the chain's settings");

        // saving the settings as shown keeps following the installation; a chain's own base is kept
        Map<String, Object> shown = admin.get(CAMPAIGNS + "/settings").then().extract().jsonPath().getMap("");
        admin.body(shown).put(CAMPAIGNS + "/settings").then().statusCode(200).body("opt_out_base_url", equalTo(BASE));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM campaign_settings WHERE chain_id = ? "
                + "AND document ->> 'opt_out_base_url' IS NOT NULL", chain.id()));
        admin.body(Map.of("opt_out_base_url", "https://bonus.example.ru")).put(CAMPAIGNS + "/settings").then().statusCode(200);
        admin.post(CAMPAIGNS + "/" + id + "/preview").then().statusCode(200)
                .body("sample", containsString("https://bonus.example.ru/u/"));
    }
}
