package io.kopilka.pos;

import static io.restassured.RestAssured.given;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.support.Fixtures;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** A register talking to the POS API in tests: sends bodies exactly as a vendor's software would. */
public final class PosApi {

    public static final String RECEIPTS = "/api/pos/v1/receipts";
    public static final String CUSTOMERS = "/api/pos/v1/customers";

    private static final AtomicLong PHONE = new AtomicLong(9001000000L + (System.nanoTime() % 100000) * 10);
    private static final AtomicLong RECEIPT = new AtomicLong();
    private static final ObjectMapper JSON = new ObjectMapper();

    private PosApi() {
    }

    public static RequestSpecification as(Fixtures.Till till) {
        return given().header("Authorization", "Bearer " + till.key()).contentType("application/json");
    }

    public static String newPhone() {
        return "+7" + PHONE.incrementAndGet();
    }

    public static String newReceiptNo() {
        return "T-" + System.currentTimeMillis() % 100000 + "-" + RECEIPT.incrementAndGet();
    }

    public static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(3)).withNano(0).toString();
    }

    public static String minutesAgo(long minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(3)).withNano(0).minusMinutes(minutes).toString();
    }

    /** Enrols a customer and returns the id. */
    public static long enrol(Fixtures.Till till, String phone) {
        return as(till).body("{\"phone\": \"" + phone + "\", \"sms_consent\": true}")
                .post(CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    public static ValidatableResponse record(Fixtures.Till till, String body) {
        return as(till).body(body).post(RECEIPTS).then();
    }

    public static ValidatableResponse post(Fixtures.Till till, String path) {
        return as(till).post(RECEIPTS + path).then();
    }

    /** The customer as the cashier sees it (GET /customers/lookup), expecting 200. */
    public static JsonPath lookup(Fixtures.Till till, String phone) {
        return as(till).queryParam("phone", phone).get(CUSTOMERS + "/lookup").then().statusCode(200).extract().jsonPath();
    }

    /** available, pending, held as the cashier sees them. */
    public static long[] balance(Fixtures.Till till, String phone) {
        JsonPath p = lookup(till, phone);
        return new long[] {p.getLong("balance.available"), p.getLong("balance.pending"), p.getLong("balance.held")};
    }

    /** A receipt body with one line per amount (category "food"). */
    public static String receipt(String receiptNo, String phone, Object redeem, long... amounts) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < amounts.length; i++) {
            if (i > 0) {
                lines.append(',');
            }
            lines.append("{\"sku\": \"SKU").append(i).append("\", \"name\": \"Item ").append(i)
                    .append("\", \"category\": \"food\", \"qty\": \"1\", \"amount_minor\": ").append(amounts[i]).append('}');
        }
        String customer = phone == null ? "" : "\"customer\": {\"phone\": \"" + phone + "\"},";
        String redeemField = redeem == null ? "" : "\"redeem_points\": " + (redeem instanceof String ? "\"" + redeem + "\"" : redeem) + ",";
        return "{\"receipt_no\": \"" + receiptNo + "\", \"occurred_at\": \"" + now() + "\", " + customer + redeemField
                + "\"lines\": [" + lines + "]}";
    }

    /** A receipt as a mutable map, for tests that change one field. */
    public static Map<String, Object> receiptMap(String receiptNo, String phone, Object redeem, long... amounts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipt_no", receiptNo);
        m.put("occurred_at", now());
        if (phone != null) {
            m.put("customer", new LinkedHashMap<>(Map.of("phone", phone)));
        }
        if (redeem != null) {
            m.put("redeem_points", redeem);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            lines.add(line("SKU" + i, "food", "1", amounts[i]));
        }
        m.put("lines", lines);
        return m;
    }

    public static Map<String, Object> line(String sku, String category, Object qty, Object amountMinor) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("sku", sku);
        l.put("name", "Item " + sku);
        l.put("category", category);
        l.put("qty", qty);
        l.put("amount_minor", amountMinor);
        return l;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gives the customer spendable points the way head office would (a manual adjustment entry and its lot),
     * expiring after {@code expiresIn} (a PostgreSQL interval, e.g. "1 year"). Returns the entry (= lot) id.
     */
    public static long grant(Fixtures fixtures, long chainId, long customerId, long points, String expiresIn) {
        long entry = fixtures.queryLong("""
                INSERT INTO ledger_entries (chain_id, customer_id, kind, points, reason, available_at, expires_at)
                VALUES (?, ?, 'adjustment', ?, 'test grant', now() - interval '1 minute', now() + ?::interval) RETURNING id""",
                chainId, customerId, points, expiresIn);
        fixtures.execute("""
                INSERT INTO point_lots (chain_id, id, customer_id, points_initial, points_remaining, available_at, expires_at)
                VALUES (?, ?, ?, ?, ?, now() - interval '1 minute', now() + ?::interval)""",
                chainId, entry, customerId, points, points, expiresIn);
        return entry;
    }

    public static long grant(Fixtures fixtures, long chainId, long customerId, long points) {
        return grant(fixtures, chainId, customerId, points, "1 year");
    }
}
