package io.kopilka.webhooks;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.kopilka.support.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** What a receiver does with a delivery (docs/webhooks.md, "Verifying a delivery"), and the tests' helpers. */
final class WebhookReceiver {

    static final String BASE = "/api/admin/v1/webhooks";

    private WebhookReceiver() {
    }

    /** The recipe of docs/webhooks.md, word for word: true when one of the header's signatures matches. */
    static boolean verify(String secret, String id, String timestamp, String body, String signatureHeader)
            throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String candidate : signatureHeader.split(" ")) {
            if (candidate.startsWith("v1,")) {
                byte[] given = Base64.getDecoder().decode(candidate.substring(3));
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            }
        }
        return false;
    }

    static RequestSpecification as(Fixtures.Chain chain) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    static Map<String, Object> endpoint(String url, String... events) {
        return Map.of("url", url, "events", java.util.List.of(events));
    }

    static void await(Duration bound, String what, BooleanSupplier done) {
        long end = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("Not within " + bound + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
