package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.minutesAgo;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** docs/api/pos.md#bad-input: every client mistake is a 4xx problem+json naming the field, and changes nothing. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputTest {

    @Inject
    Fixtures fixtures;

    Fixtures.Till till;
    String phone;

    @BeforeEach
    void setUp() {
        if (till == null) {
            till = fixtures.till(fixtures.chain().id());
            phone = newPhone();
            enrol(till, phone);
            PosApi.grant(fixtures, till.chainId(), fixtures.queryLong(
                    "SELECT id FROM customers WHERE chain_id = ? AND phone = ?", till.chainId(), phone), 1000);
        }
    }

    private long receipts() {
        return fixtures.queryLong("SELECT count(*) FROM receipts WHERE chain_id = ?", till.chainId());
    }

    private long entries() {
        return fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE chain_id = ?", till.chainId());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstLine(Map<String, Object> m) {
        return ((List<Map<String, Object>>) m.get("lines")).get(0);
    }

    static Arguments bad(String name, String field, Consumer<Map<String, Object>> change) {
        return Arguments.of(name, field, change);
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                bad("amount_minor negative", "lines[0].amount_minor", m -> firstLine(m).put("amount_minor", -1)),
                bad("amount_minor above 10^11", "lines[0].amount_minor", m -> firstLine(m).put("amount_minor", 100_000_000_001L)),
                bad("amount_minor a string", "lines[0].amount_minor", m -> firstLine(m).put("amount_minor", "100")),
                bad("amount_minor a fraction", "lines[0].amount_minor", m -> firstLine(m).put("amount_minor", 10.5)),
                bad("amount_minor missing", "lines[0].amount_minor", m -> firstLine(m).remove("amount_minor")),
                bad("qty 0", "lines[0].qty", m -> firstLine(m).put("qty", "0")),
                bad("qty negative", "lines[0].qty", m -> firstLine(m).put("qty", "-1")),
                bad("qty abc", "lines[0].qty", m -> firstLine(m).put("qty", "abc")),
                bad("qty with 4 decimals", "lines[0].qty", m -> firstLine(m).put("qty", "0.4521")),
                bad("qty above 10^6", "lines[0].qty", m -> firstLine(m).put("qty", "1000000.001")),
                bad("qty missing", "lines[0].qty", m -> firstLine(m).remove("qty")),
                bad("qty a boolean", "lines[0].qty", m -> firstLine(m).put("qty", true)),
                bad("qty NaN", "lines[0].qty", m -> firstLine(m).put("qty", "NaN")),
                bad("sku missing", "lines[0].sku", m -> firstLine(m).remove("sku")),
                bad("sku of 129 characters", "lines[0].sku", m -> firstLine(m).put("sku", "s".repeat(129))),
                bad("name of 129 characters", "lines[0].name", m -> firstLine(m).put("name", "n".repeat(129))),
                bad("line not an object", "lines[0]", m -> m.put("lines", List.of("milk"))),
                bad("no lines", "lines", m -> m.put("lines", List.of())),
                bad("lines missing", "lines", m -> m.remove("lines")),
                bad("lines not an array", "lines", m -> m.put("lines", Map.of("sku", "1"))),
                bad("501 lines", "lines", m -> {
                    List<Map<String, Object>> lines = new ArrayList<>();
                    for (int i = 0; i < 501; i++) {
                        lines.add(line("S" + i, "food", "1", 100));
                    }
                    m.put("lines", lines);
                }),
                bad("receipt_no with a space", "receipt_no", m -> m.put("receipt_no", "0042 000123")),
                bad("receipt_no of 65 characters", "receipt_no", m -> m.put("receipt_no", "1".repeat(65))),
                bad("receipt_no missing", "receipt_no", m -> m.remove("receipt_no")),
                bad("receipt_no empty", "receipt_no", m -> m.put("receipt_no", "")),
                bad("receipt_no a number", "receipt_no", m -> m.put("receipt_no", 42)),
                bad("occurred_at missing", "occurred_at", m -> m.remove("occurred_at")),
                bad("occurred_at without offset", "occurred_at",
                        m -> m.put("occurred_at", OffsetDateTime.now().withNano(0).toLocalDateTime().toString())),
                bad("occurred_at 10 minutes ahead", "occurred_at", m -> m.put("occurred_at", minutesAgo(-10))),
                bad("occurred_at 31 days old", "occurred_at", m -> m.put("occurred_at", minutesAgo(31L * 24 * 60))),
                bad("occurred_at garbage", "occurred_at", m -> m.put("occurred_at", "yesterday")),
                bad("redeem_points -1", "redeem_points", m -> m.put("redeem_points", -1)),
                bad("redeem_points lots", "redeem_points", m -> m.put("redeem_points", "lots")),
                bad("redeem_points a fraction", "redeem_points", m -> m.put("redeem_points", 1.5)),
                bad("mode cash", "mode", m -> m.put("mode", "cash")),
                bad("hold not a boolean", "hold", m -> m.put("hold", "yes")),
                bad("customer with phone and card", "customer",
                        m -> m.put("customer", Map.of("phone", "+79001234567", "card", "C-1"))),
                bad("customer empty", "customer", m -> m.put("customer", Map.of())),
                bad("customer not an object", "customer", m -> m.put("customer", "+79001234567")),
                bad("customer with an empty phone", "customer", m -> m.put("customer", Map.of("phone", ""))),
                bad("invalid phone", "customer.phone", m -> m.put("customer", Map.of("phone", "12345"))),
                bad("customer_id zero", "customer.customer_id", m -> m.put("customer", Map.of("customer_id", 0))),
                bad("promo_codes not an array", "promo_codes", m -> m.put("promo_codes", "AUTUMN10")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void aBadFieldIsNamedAndNothingIsWritten(String name, String field, Consumer<Map<String, Object>> change) {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, 10, 10000);
        firstLine(body).put("category", "food");
        body = new LinkedHashMap<>(body);
        change.accept(body);
        long receiptsBefore = receipts();
        long entriesBefore = entries();
        for (String path : new String[] {"", "/calculate"}) {
            as(till).body(json(body)).post(PosApi.RECEIPTS + path).then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://kopilka.io/problems/validation-failed"))
                    .body("status", equalTo(400))
                    .body("detail", notNullValue())
                    .body("errors.field", hasItem(field));
        }
        assertEquals(receiptsBefore, receipts(), name);
        assertEquals(entriesBefore, entries(), name);
    }

    @Test
    void theUnchangedBodyIsAccepted() {
        // guards the table above: its base body is valid, so each case fails for its own field only
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, 10, 10000);
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"receipt_no\": ", 400, "malformed-json"),
                Arguments.of("plain text", "hello", 400, "malformed-json"),
                Arguments.of("JSON array", "[{\"receipt_no\": \"1\"}]", 400, "validation-failed"),
                Arguments.of("JSON string", "\"receipt\"", 400, "validation-failed"),
                Arguments.of("JSON null", "null", 400, null),
                Arguments.of("empty body", "", 400, "malformed-json"),
                Arguments.of("body over 256 KiB", "{\"receipt_no\": \"" + "x".repeat(300 * 1024) + "\"}", 413,
                        "body-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsAProblemAndNothingIsWritten(String name, String body, int status, String type) {
        long before = receipts();
        for (String path : new String[] {"", "/calculate"}) {
            ValidatableResponse r = as(till).body(body).post(PosApi.RECEIPTS + path).then()
                    .statusCode(status)
                    .contentType("application/problem+json")
                    .body("status", equalTo(status));
            if (type != null) {
                r.body("type", equalTo("https://kopilka.io/problems/" + type));
            }
        }
        assertEquals(before, receipts(), name);
    }

    /** A 2 MiB receipt is refused by the application with problem+json (its limit is 256 KiB). */
    @Test
    void aTwoMegabyteBodyIs413ProblemJson() {
        long before = receipts();
        as(till).body("{\"receipt_no\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}").post(PosApi.RECEIPTS).then()
                .statusCode(413).contentType("application/problem+json");
        assertEquals(before, receipts());
    }

    @Test
    void aJsonArrayNamesTheBody() {
        as(till).body("[]").post(PosApi.RECEIPTS).then().statusCode(400).body("errors.field", hasItem("$"));
    }

    @Test
    void wrongContentTypeIs415() {
        long before = receipts();
        String body = json(receiptMap(newReceiptNo(), phone, null, 10000));
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded"}) {
            as(till).contentType(type).body(body).post(PosApi.RECEIPTS).then()
                    .statusCode(415).contentType("application/problem+json")
                    .body("type", equalTo("https://kopilka.io/problems/unsupported-media-type"));
        }
        assertEquals(before, receipts());
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        Map<String, Object> body = receiptMap("bad no", phone, -1, 10000);
        firstLine(body).put("qty", "0");
        body.put("mode", "cash");
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(400)
                .body("errors.field", hasItem("receipt_no"))
                .body("errors.field", hasItem("lines[0].qty"))
                .body("errors.field", hasItem("redeem_points"))
                .body("errors.field", hasItem("mode"));
    }

    @Test
    void badReturnsAndEnrolmentsAreProblemsToo() {
        long id = as(till).body(json(receiptMap(newReceiptNo(), phone, null, 10000))).post(PosApi.RECEIPTS).then()
                .statusCode(201).extract().jsonPath().getLong("receipt_id");
        String url = PosApi.RECEIPTS + "/" + id + "/returns";
        as(till).body("{\"return_no\": \"a b\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}").post(url).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("return_no"));
        as(till).body("{\"return_no\": \"R1\", \"lines\": []}").post(url).then()
                .statusCode(400).body("errors.field", hasItem("lines"));
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": -1, \"qty\": \"1\"}]}").post(url).then()
                .statusCode(400).body("errors.field", hasItem("lines[0].line_index"));
        as(till).body("{\"return_no\": \"R1\", \"lines\": [{\"line_index\": 0, \"qty\": \"abc\"}]}").post(url).then()
                .statusCode(400).body("errors.field", hasItem("lines[0].qty"));
        as(till).body("not json").post(url).then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM receipt_returns WHERE chain_id = ?", till.chainId()));
    }

    @Test
    void anOccurredAtWithinTheClockSkewIsAccepted() {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null, 10000);
        body.put("occurred_at", OffsetDateTime.now(ZoneOffset.ofHours(5)).plusMinutes(3).withNano(0).toString());
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
        body = receiptMap(newReceiptNo(), phone, null, 10000);
        body.put("occurred_at", minutesAgo(29L * 24 * 60));
        as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
    }
}
