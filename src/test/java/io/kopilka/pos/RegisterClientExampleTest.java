package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The register vendor's example client (docs/integration.md) runs its whole flow against the service: lookup,
 * calculate, hold, a retry with the same body, confirm, a return, two sales while Kopilka is unreachable and their
 * upload through the offline batch. What it prints is what the service did.
 */
@QuarkusTest
class RegisterClientExampleTest {

    @Inject
    Fixtures fixtures;

    @TestHTTPResource("/")
    URI root;

    @Test
    void theExampleFlowRunsAgainstTheService() throws Exception {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        String phone = PosApi.newPhone();
        long customerId = PosApi.enrol(till, phone);
        PosApi.grant(fixtures, till.chainId(), customerId, 1000);
        String prefix = PosApi.newReceiptNo();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Object register = RegisterClientSource.register(root, till.key(), printed);
        RegisterClientSource.invoke(register, "demo", new Class<?>[] {String.class, String.class, URI.class},
                phone, prefix, URI.create("http://127.0.0.1:9"));
        List<String> out = RegisterClientSource.lines(printed);
        assertEquals(11, out.size(), String.join("\n", out));

        assertEquals("lookup: customer " + customerId + ", 1000 points available", out.get(0));
        long redeemable = number(out.get(1), "calculate: total 22480, up to (\\d+) points, to pay \\d+");
        assertTrue(redeemable > 0, out.get(1));

        JsonPath stored = as(till).queryParam("store", till.storeCode()).queryParam("receipt_no", prefix + "-1")
                .get(PosApi.RECEIPTS + "/lookup").then().statusCode(200).extract().jsonPath();
        long receiptId = stored.getLong("receipt_id");
        assertTrue(out.get(2).startsWith("hold: receipt " + receiptId + " held, " + redeemable + " points reserved until 20"),
                out.get(2));
        assertEquals("retry: same body answered 200 (replayed), receipt " + receiptId, out.get(3));
        assertEquals("confirmed", stored.getString("status"));
        assertEquals("confirm: receipt " + receiptId + " confirmed, " + redeemable + " points redeemed, "
                + stored.getLong("points_earned") + " points earned", out.get(4));

        long refunded = number(out.get(5), "return: RT-" + Pattern.quote(prefix) + "-1 took back \\d+ points earned, gave back (\\d+) points redeemed");
        assertTrue(refunded > 0 && refunded < redeemable, out.get(5));

        assertEquals("offline: Kopilka away (cannot connect: ConnectException after 3 tries), " + prefix
                + "-2 sold without loyalty and queued", out.get(6));
        assertEquals("offline: Kopilka away (cannot connect: ConnectException after 3 tries), " + prefix
                + "-3 sold without loyalty and queued", out.get(7));
        assertTrue(out.get(8).startsWith("batch: " + prefix + "-2 201, "), out.get(8));
        assertTrue(out.get(9).startsWith("batch: " + prefix + "-3 201, "), out.get(9));
        assertEquals("batch again: the same receipts answer [200, 200]", out.get(10));

        JsonPath offline = as(till).queryParam("store", till.storeCode()).queryParam("receipt_no", prefix + "-2")
                .get(PosApi.RECEIPTS + "/lookup").then().statusCode(200).extract().jsonPath();
        assertEquals("confirmed", offline.getString("status"));
        assertEquals(0, offline.getLong("points_redeemed"), "an offline receipt redeems nothing");
        assertEquals(customerId, offline.getLong("customer_id"));
        assertEquals(1000 - redeemable + refunded, PosApi.balance(till, phone)[0],
                "the customer keeps what was not spent and gets back what the return refunded");
    }

    private static long number(String line, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(line);
        assertTrue(m.matches(), line + " does not match " + pattern);
        return Long.parseLong(m.group(1));
    }
}
