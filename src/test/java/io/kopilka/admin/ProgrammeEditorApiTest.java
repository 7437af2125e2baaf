package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** What the console's programme editor reads besides the programme: the chain's categories and who published each version. */
@QuarkusTest
class ProgrammeEditorApiTest {

    @Inject
    Fixtures fixtures;

    private static String receipt(String... categories) {
        Map<String, Object> body = PosApi.receiptMap(PosApi.newReceiptNo(), null, null);
        body.put("lines", java.util.stream.IntStream.range(0, categories.length)
                .mapToObj(i -> PosApi.line("SKU" + i, categories[i], "1", 10_000 * (i + 1))).toList());
        return PosApi.json(body);
    }

    @Test
    void categoriesAreTheChainsOwnRecentOnesMostFrequentFirst() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        PosApi.record(till, receipt("dairy", "tobacco", "dairy")).statusCode(201);
        PosApi.record(till, receipt("dairy")).statusCode(201);
        String old = PosApi.newReceiptNo();
        PosApi.record(till, PosApi.json(Map.of("receipt_no", old, "occurred_at", PosApi.now(),
                "lines", List.of(PosApi.line("OLD", "garden", "1", 5_000))))).statusCode(201);
        fixtures.execute("UPDATE receipts SET occurred_at = occurred_at - interval '40 days' WHERE chain_id = ? AND receipt_no = ?",
                chain.id(), old);
        PosApi.record(fixtures.till(other.id()), receipt("secret-recipes")).statusCode(201);

        JsonPath recent = as(chain).get(BASE + "/program/categories?days=30").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("dairy", "tobacco"), recent.getList("category"));
        assertEquals(List.of(3, 1), recent.getList("lines"));
        assertEquals(10_000 + 30_000 + 10_000, recent.getLong("[0].sales_minor"), "the dairy lines' amounts");
        as(chain).get(BASE + "/program/categories").then().statusCode(200)
                .body("category", contains("dairy", "garden", "tobacco"));
        assertFalse(as(other).get(BASE + "/program/categories").then().statusCode(200).extract().jsonPath()
                .getList("category").contains("dairy"), "another chain's categories are not offered");
    }

    @Test
    void badWindowNamesTheParameterAndOnlyHeadOfficeReads() {
        Fixtures.Chain chain = fixtures.chain();
        for (String days : List.of("0", "367", "abc", "-5")) {
            as(chain).get(BASE + "/program/categories?days=" + days).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("days"));
        }
        String user = fixtures.franchiseeUser(chain.id(), fixtures.franchisee(chain.id(), "Sever"), "franchisee-pass");
        as(user, "franchisee-pass").get(BASE + "/program/categories").then().statusCode(403);
    }

    @Test
    void versionsNameWhoPublishedThem() {
        Fixtures.Chain chain = fixtures.chain();
        Map<String, Object> doc = as(chain).get(BASE + "/program").then().statusCode(200).extract().jsonPath().getMap("$");
        doc.remove("version");
        doc.remove("effective_from");
        doc.put("welcome_points", 50);
        as(chain).body(doc).put(BASE + "/program").then().statusCode(200).body("version", equalTo(2));
        as(chain).get(BASE + "/program/versions").then().statusCode(200)
                .body("version", contains(2, 1))
                .body("[0].created_by_email", equalTo(chain.adminEmail()))
                .body("[0].program.welcome_points", equalTo(50))
                .body("[1].created_by_email", nullValue());
    }
}
