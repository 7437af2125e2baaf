package io.kopilka.pos;

import static io.restassured.RestAssured.given;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import io.kopilka.support.Fixtures;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** A register talking to the POS API in tests: sends bodies exactly as a vendor's software would. */
final class PosApi {

    private static final AtomicLong PHONE = new AtomicLong(9001000000L + (System.nanoTime() % 100000) * 10);
    private static final AtomicLong RECEIPT = new AtomicLong();

    private PosApi() {
    }

    static RequestSpecification as(Fixtures.Till till) {
        return given().header("Authorization", "Bearer " + till.key()).contentType("application/json");
    }

    static String newPhone() {
        return "+7" + PHONE.incrementAndGet();
    }

    static String newReceiptNo() {
        return "T-" + System.currentTimeMillis() % 100000 + "-" + RECEIPT.incrementAndGet();
    }

    static String now() {
        return OffsetDateTime.now(ZoneOffset.ofHours(3)).withNano(0).toString();
    }

    /** Enrols a customer and returns the id. */
    static long enrol(Fixtures.Till till, String phone) {
        return as(till).body("{\"phone\": \"" + phone + "\", \"sms_consent\": true}")
                .post("/api/pos/v1/customers").then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    static ValidatableResponse record(Fixtures.Till till, String body) {
        return as(till).body(body).post("/api/pos/v1/receipts").then();
    }

    /** A receipt body with one line per amount (category "food"). */
    static String receipt(String receiptNo, String phone, Object redeem, long... amounts) {
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
}
