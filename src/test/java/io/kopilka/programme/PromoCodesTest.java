package io.kopilka.programme;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.programme.ProgrammeDocs.base;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.kopilka.programme.ProgrammeDocs.put;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class PromoCodesTest {

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;
    Fixtures.Till till;
    String phone;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        till = fixtures.till(chain.id());
        phone = newPhone();
        PosApi.enrol(till, phone);
    }

    private RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json");
    }

    private long promo(String body) {
        return admin().body(body).post("/api/admin/v1/promo-codes").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private ValidatableResponse sale(String customerPhone, List<String> codes, Object redeem, Map<String, Object>... lines) {
        Map<String, Object> body = receiptMap(newReceiptNo(), customerPhone, redeem);
        body.put("lines", List.of(lines));
        body.put("promo_codes", codes);
        return as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
    }

    private long uses(long promoId) {
        return fixtures.queryLong("SELECT count(*) FROM promo_redemptions WHERE promo_id = ? AND NOT released", promoId);
    }

    @Test
    void headOfficeManagesCodesAndMistakesAreNamed() {
        long id = promo("{\"code\": \"AUTUMN10\", \"kind\": \"percent\", \"percent\": 10, \"total_limit\": 100}");
        admin().get("/api/admin/v1/promo-codes/" + id).then().statusCode(200).body("code", equalTo("AUTUMN10"))
                .body("uses", equalTo(0));
        admin().body("{\"code\": \"autumn10\", \"kind\": \"fixed\", \"amount_minor\": 500}").post("/api/admin/v1/promo-codes")
                .then().statusCode(409).body("type", equalTo("https://kopilka.io/problems/promo-code-taken"));
        admin().body("{\"code\": \"X\", \"kind\": \"percent\", \"percent\": 150, \"total_limit\": 0}").post("/api/admin/v1/promo-codes")
                .then().statusCode(400).body("errors.field", hasItem("code")).body("errors.field", hasItem("percent"))
                .body("errors.field", hasItem("total_limit"));
        admin().body("{\"code\": \"BAD\", \"kind\": \"gift\"}").post("/api/admin/v1/promo-codes").then().statusCode(400)
                .body("errors.field", hasItem("kind"));
        Fixtures.Chain other = fixtures.chain();
        given().auth().preemptive().basic(other.adminEmail(), other.adminPassword())
                .get("/api/admin/v1/promo-codes/" + id).then().statusCode(404);
        long franchisee = fixtures.franchisee(chain.id(), "F");
        String email = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-password");
        given().auth().preemptive().basic(email, "franchisee-password").contentType("application/json")
                .body("{\"code\": \"MINE\", \"kind\": \"points\", \"points\": 10}").post("/api/admin/v1/promo-codes")
                .then().statusCode(403);
        admin().delete("/api/admin/v1/promo-codes/" + id).then().statusCode(200).body("active", equalTo(false));
        sale(phone, List.of("AUTUMN10"), null, line("A", "food", "1", 10000))
                .body("messages", hasItem("Promo code AUTUMN10 is not valid"))
                .body("discount_minor", equalTo(0));
    }

    @Test
    void percentFixedAndPointsCodesShapeTheReceiptLineByLine() {
        put(chain, doc("bonus", base(5), "[{\"category\": \"tobacco\", \"earn\": false, \"redeem\": false}]", "[]", "null"))
                .statusCode(200);
        promo("{\"code\": \"TEN\", \"kind\": \"percent\", \"percent\": 10}");
        promo("{\"code\": \"MINUS15\", \"kind\": \"fixed\", \"amount_minor\": 1500}");
        promo("{\"code\": \"BONUS50\", \"kind\": \"points\", \"points\": 50}");
        sale(phone, List.of("ten"), null, line("A", "food", "1", 10000), line("T", "tobacco", "1", 10000))
                .body("discount_minor", equalTo(1000))
                .body("lines[0].discount_minor", equalTo(1000))
                .body("lines[1].discount_minor", equalTo(0))
                .body("to_pay_minor", equalTo(19000))
                .body("points_earned", equalTo(4))
                .body("applied.rule", hasItem("promo:TEN"))
                .body("messages", hasItem("Promo code TEN applied"));
        sale(phone, List.of("MINUS15"), null, line("A", "food", "1", 10000), line("B", "food", "1", 5000))
                .body("lines[0].discount_minor", equalTo(1000))
                .body("lines[1].discount_minor", equalTo(500));
        sale(phone, List.of("BONUS50"), null, line("A", "food", "1", 10000))
                .body("points_earned", equalTo(55))
                .body("lines.points_earned.sum()", equalTo(55));
    }

    @Test
    void unusableCodesAreExplainedAndTheReceiptGoesThrough() {
        promo("{\"code\": \"OLD\", \"kind\": \"percent\", \"percent\": 5, \"valid_to\": \"2020-01-01T00:00:00+03:00\"}");
        promo("{\"code\": \"ELSEWHERE\", \"kind\": \"percent\", \"percent\": 5, \"stores\": [\"NOT-HERE\"]}");
        promo("{\"code\": \"ONCE\", \"kind\": \"percent\", \"percent\": 5, \"per_customer_limit\": 1}");
        sale(phone, List.of("NOPE", "OLD", "ELSEWHERE"), null, line("A", "food", "1", 10000))
                .body("messages", hasItem("Promo code NOPE is not valid"))
                .body("messages", hasItem("Promo code OLD has expired"))
                .body("messages", hasItem("Promo code ELSEWHERE is not valid in this store"))
                .body("discount_minor", equalTo(0));
        sale(phone, List.of("ONCE"), null, line("A", "food", "1", 10000)).body("discount_minor", equalTo(500));
        sale(phone, List.of("ONCE"), null, line("A", "food", "1", 10000))
                .body("messages", hasItem("Promo code ONCE was already used by this customer"))
                .body("discount_minor", equalTo(0));
        sale(null, List.of("ONCE"), null, line("A", "food", "1", 10000))
                .body("messages", hasItem("Promo code ONCE needs an identified customer"));
    }

    @Test
    void aTotalLimitHoldsUnderConcurrentReceiptsAndReplaysOrCancelsDoNotSpendIt() throws Exception {
        long id = promo("{\"code\": \"FIRST3\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 3}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit(() -> {
                Map<String, Object> body = receiptMap(newReceiptNo(), null, null, 10000);
                body.put("promo_codes", List.of("FIRST3"));
                return as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201)
                        .extract().jsonPath().getInt("discount_minor");
            }));
        }
        int discounted = 0;
        for (Future<Integer> f : results) {
            discounted += f.get() > 0 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(3, discounted);
        assertEquals(3, uses(id));

        long second = promo("{\"code\": \"REPLAY\", \"kind\": \"fixed\", \"amount_minor\": 100}");
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null, 10000);
        body.put("promo_codes", List.of("REPLAY"));
        long receipt = as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201).extract().jsonPath().getLong("receipt_id");
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(200);
        assertEquals(1, uses(second));
        as(till).post(PosApi.RECEIPTS + "/" + receipt + "/cancel").then().statusCode(200);
        assertEquals(0, uses(second));
    }

    @Test
    void withoutStackingAPromoReceiptNeitherEarnsNorSpendsPoints() {
        put(chain, doc("bonus", base(5), "[]", "[]", "null").replace("\"promo_stacking\": true", "\"promo_stacking\": false"))
                .statusCode(200);
        long customer = PosApi.lookup(till, phone).getLong("customer_id");
        PosApi.grant(fixtures, chain.id(), customer, 1000);
        promo("{\"code\": \"TEN\", \"kind\": \"percent\", \"percent\": 10}");
        sale(phone, List.of("TEN"), 100, line("A", "food", "1", 100000))
                .body("discount_minor", equalTo(10000))
                .body("points_redeemed", equalTo(0))
                .body("points_earned", equalTo(0))
                .body("messages", hasItem("Points cannot be combined with a promo code: no points were used"));
        sale(phone, List.of(), 100, line("A", "food", "1", 100000))
                .body("points_redeemed", equalTo(100));
    }
}
