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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Each programme rule seen through the POS API, the way a cashier would see its effect. */
@QuarkusTest
class ProgrammeRulesTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;
    Fixtures.Till till;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        till = fixtures.till(chain.id(), "Europe/Moscow", null);
    }

    private ValidatableResponse sale(String phone, Object redeem, Object mode, Map<String, Object>... lines) {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, redeem);
        body.put("lines", List.of(lines));
        if (mode != null) {
            body.put("mode", mode);
        }
        return as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
    }

    private long enrol(String phone, String extra) {
        return as(till).body("{\"phone\": \"" + phone + "\", \"sms_consent\": false" + extra + "}")
                .post(PosApi.CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    @Test
    void aCategoryMultiplierDoublesPointsOnlyWhereAndWhenItApplies() {
        int today = ZonedDateTime.now(MOSCOW).getDayOfWeek().getValue();
        int otherDay = today % 7 + 1;
        String multipliers = "[{\"category\": \"new\", \"factor\": 2, \"weekdays\": [" + today + "], \"stores\": [\"" + till.storeCode() + "\"]},"
                + "{\"category\": \"food\", \"factor\": 3, \"weekdays\": [" + otherDay + "]},"
                + "{\"category\": \"food\", \"factor\": 4, \"stores\": [\"NOT-THIS-STORE\"]}]";
        put(chain, doc("bonus", base(5), "[]", multipliers, "null")).statusCode(200);
        String phone = newPhone();
        enrol(phone, "");
        // new: 100000 x 5% x 2 = 10000 kopecks = 100 points; food: 100000 x 5% = 50 points
        sale(phone, null, null, line("A", "new", "1", 100000), line("B", "food", "1", 100000))
                .body("points_earned", equalTo(150))
                .body("lines[0].points_earned", equalTo(100))
                .body("lines[1].points_earned", equalTo(50))
                .body("applied.rule", hasItem("multiplier:new"))
                .body("applied.rule", not(hasItem("multiplier:food")));
    }

    @Test
    void birthdayMultiplierInTheCustomersTimeZoneButNeverOnAnExcludedCategory() {
        put(chain, doc("bonus", base(5), "[{\"category\": \"tobacco\", \"earn\": false, \"redeem\": false}]", "[]",
                "{\"points\": null, \"multiplier\": 2, \"window_days\": 0}")).statusCode(200);
        String phone = newPhone();
        LocalDate today = LocalDate.now(MOSCOW);
        enrol(phone, ", \"birth_date\": \"" + today.minusYears(30) + "\"");
        sale(phone, null, null, line("A", "food", "1", 100000), line("T", "tobacco", "1", 100000))
                .body("points_earned", equalTo(100))
                .body("lines[1].points_earned", equalTo(0))
                .body("applied.rule", hasItem("birthday"))
                .body("applied.rule", hasItem("exclude_earn:tobacco"))
                .body("messages", hasItem("Happy birthday! Birthday: x2 points"));

        String other = newPhone();
        enrol(other, ", \"birth_date\": \"" + today.minusYears(30).plusDays(3) + "\"");
        sale(other, null, null, line("A", "food", "1", 100000)).body("points_earned", equalTo(50));
    }

    @Test
    void choiceModeKeepsTheCustomersDefaultAndTheRegisterMayOverrideIt() {
        put(chain, doc("choice", base(5), "[]", "[]", "null")).statusCode(200);
        String discountLover = newPhone();
        enrol(discountLover, ", \"preferred_mode\": \"discount\"");
        sale(discountLover, null, null, line("A", "food", "1", 100000))
                .body("mode", equalTo("discount"))
                .body("discount_minor", equalTo(5000))
                .body("to_pay_minor", equalTo(95000))
                .body("points_earned", equalTo(0));
        sale(discountLover, null, "bonus", line("A", "food", "1", 100000))
                .body("mode", equalTo("bonus"))
                .body("discount_minor", equalTo(0))
                .body("points_earned", equalTo(50));
        String undecided = newPhone();
        long undecidedId = enrol(undecided, "");
        sale(undecided, null, null, line("A", "food", "1", 100000)).body("mode", equalTo("bonus"));
        as(till).body("{\"preferred_mode\": \"discount\"}").put(PosApi.CUSTOMERS + "/" + undecidedId + "/preferred-mode")
                .then().statusCode(200);
        sale(undecided, null, null, line("A", "food", "1", 100000)).body("mode", equalTo("discount"));
        as(till).body("{\"preferred_mode\": \"cash\"}").put(PosApi.CUSTOMERS + "/" + undecidedId + "/preferred-mode")
                .then().statusCode(400);
        Fixtures.Till otherChain = fixtures.till(fixtures.chain().id());
        as(otherChain).body("{\"preferred_mode\": \"bonus\"}").put(PosApi.CUSTOMERS + "/" + undecidedId + "/preferred-mode")
                .then().statusCode(404);
    }

    @Test
    void discountModeGivesTheTierRateOffAndNoPoints() {
        put(chain, doc("discount", base(7), "[{\"category\": \"tobacco\", \"earn\": false}]", "[]", "null")).statusCode(200);
        String phone = newPhone();
        enrol(phone, "");
        sale(phone, null, null, line("A", "food", "1", 10000), line("T", "tobacco", "1", 10000))
                .body("discount_minor", equalTo(700))
                .body("lines[0].final_amount_minor", equalTo(9300))
                .body("lines[1].final_amount_minor", equalTo(10000))
                .body("points_earned", equalTo(0));
        as(till).body(json(Map.of("receipt_no", newReceiptNo(), "occurred_at", PosApi.now(), "customer", Map.of("phone", phone),
                "mode", "bonus", "lines", List.of(line("A", "food", "1", 10000))))).post(PosApi.RECEIPTS).then()
                .statusCode(422).body("type", equalTo("https://kopilka.io/problems/mode-not-available"));
    }

    @Test
    void crossingATierUpgradesFromTheNextReceiptAndAReturnUndoesItForLaterReceiptsOnly() {
        String tiers = "[{\"code\": \"base\", \"name\": \"Base\", \"min_spend_minor\": 0, \"rate_pct\": 5},"
                + "{\"code\": \"silver\", \"name\": \"Silver\", \"min_spend_minor\": 100000, \"rate_pct\": 10}]";
        put(chain, doc("bonus", tiers, "[]", "[]", "null")).statusCode(200);
        String phone = newPhone();
        long customer = enrol(phone, "");
        long first = sale(phone, null, null, line("A", "food", "1", 120000))
                .body("points_earned", equalTo(60))
                .body("messages", hasItem("Welcome to Silver! 10% from the next purchase"))
                .extract().jsonPath().getLong("receipt_id");
        sale(phone, null, null, line("A", "food", "1", 10000)).body("points_earned", equalTo(10))
                .body("applied.rule", hasItem("tier:silver"));
        PosApi.lookup(till, phone);
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + first + "/returns").then().statusCode(201)
                .body("points_reversed", equalTo(60));
        sale(phone, null, null, line("A", "food", "1", 10000)).body("points_earned", equalTo(5))
                .body("applied.rule", hasItem("tier:base"));
        // the second receipt keeps the 10 points it earned at Silver
        org.junit.jupiter.api.Assertions.assertEquals(10, fixtures.queryLong(
                "SELECT points_earned FROM receipts WHERE customer_id = ? ORDER BY id LIMIT 1 OFFSET 1", customer));
    }

    @Test
    void noPointsAreEarnedOnAReceiptPaidPartlyWithPointsWhenTheProgrammeSaysSo() {
        put(chain, doc("bonus", base(5), "[]", "[]", "null").replace("\"earn_on\": \"paid_amount\"", "\"earn_on\": \"none_when_redeeming\""))
                .statusCode(200);
        String phone = newPhone();
        long customer = enrol(phone, "");
        PosApi.grant(fixtures, chain.id(), customer, 100);
        sale(phone, 10, null, line("A", "food", "1", 100000))
                .body("points_redeemed", equalTo(10))
                .body("points_earned", equalTo(0))
                .body("applied.rule", hasItem("earn_on:none_when_redeeming"));
        sale(phone, null, null, line("A", "food", "1", 100000)).body("points_earned", equalTo(50));
    }

    @Test
    void aMinimumLinePriceLimitsPointsAndFullEarningIgnoresThem() {
        put(chain, doc("bonus", base(5), "[{\"category\": \"bread\", \"min_line_price_pct\": 90}]", "[]", "null")
                .replace("\"earn_on\": \"paid_amount\"", "\"earn_on\": \"full\"")
                .replace("\"max_redeem_share_pct\": 30", "\"max_redeem_share_pct\": 100")).statusCode(200);
        String phone = newPhone();
        long customer = enrol(phone, "");
        PosApi.grant(fixtures, chain.id(), customer, 10000);
        // bread may lose at most 10% of its price to points; milk all of it
        sale(phone, "max", null, line("B", "bread", "1", 10000), line("M", "milk", "1", 10000))
                .body("lines[0].paid_by_points_minor", equalTo(1000))
                .body("lines[0].final_amount_minor", equalTo(9000))
                .body("lines[1].paid_by_points_minor", equalTo(10000))
                .body("points_redeemed", equalTo(110))
                // earn_on full: 5% of the whole 20000, though 11000 were paid with points
                .body("points_earned", equalTo(10));
    }
}
