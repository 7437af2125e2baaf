package io.kopilka.checkout;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.customers.TierSpend;
import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Transactions;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** The tier spend as a running figure (V19, ADR 0035) equals the 365-day aggregate over the receipts themselves. */
@QuarkusTest
class TierSpendTest {

    /** The aggregate TierSpend ran on every receipt before V19: what a tier decision must still see. */
    private static final String FROM_RECEIPTS = """
            SELECT coalesce(sum(r.total_minor - r.discount_minor), 0)
                 - coalesce((SELECT sum(round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty))
                               FROM return_lines x
                               JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                                    AND rl.line_index = x.line_index
                               JOIN receipts r2 ON r2.chain_id = x.chain_id AND r2.id = x.receipt_id
                              WHERE r2.chain_id = ? AND r2.customer_id = ? AND r2.status = 'confirmed'
                                AND r2.occurred_at > ?), 0)
              FROM receipts r
             WHERE r.chain_id = ? AND r.customer_id = ? AND r.status = 'confirmed' AND r.occurred_at > ?""";

    @Inject
    Fixtures fixtures;

    @Inject
    Transactions transactions;

    Fixtures.Chain chain;
    Fixtures.Till till;

    private long sale(String phone, boolean hold, Map<String, Object>... lines) {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null);
        body.put("lines", List.of(lines));
        if (hold) {
            body.put("hold", true);
        }
        return as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201).extract().jsonPath().getLong("receipt_id");
    }

    private void post(String path) {
        as(till).post(PosApi.RECEIPTS + path).then().statusCode(200);
    }

    private void giveBack(long receiptId, int lineIndex, String qty) {
        as(till).body("{\"return_no\": \"" + newReceiptNo() + "\", \"lines\": [{\"line_index\": " + lineIndex
                + ", \"qty\": \"" + qty + "\"}]}").post(PosApi.RECEIPTS + "/" + receiptId + "/returns").then().statusCode(201);
    }

    private void movedBack(long receiptId, long days) {
        fixtures.execute("UPDATE receipts SET occurred_at = occurred_at - make_interval(days => ?::int) WHERE id = ?",
                days, receiptId);
    }

    private long running(long customerId, Instant at) {
        return transactions.read(c -> TierSpend.of(c, chain.id(), customerId, at));
    }

    private long fromReceipts(long customerId, Instant at) {
        var since = Ledger.odt(at.minus(TierSpend.WINDOW_DAYS, ChronoUnit.DAYS));
        return transactions.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(FROM_RECEIPTS)) {
                Object[] args = {chain.id(), customerId, since, chain.id(), customerId, since};
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void theRunningFigureIsTheAggregateAfterReceiptsReturnsCancelsHoldsAndAMerge() {
        chain = fixtures.chain();
        till = fixtures.till(chain.id());
        String phone = newPhone();
        String duplicatePhone = newPhone();
        long kept = PosApi.enrol(till, phone);
        long duplicate = PosApi.enrol(till, duplicatePhone);

        long old = sale(phone, false, line("A", "food", "3", 10001), line("B", "food", "1", 2500));
        giveBack(old, 0, "1");
        long older = sale(phone, false, line("A", "food", "1", 7000));
        long edge = sale(phone, false, line("A", "food", "2", 3333));
        giveBack(edge, 0, "1");
        sale(phone, false, line("A", "food", "1", 4200));
        long held = sale(phone, true, line("A", "food", "1", 900));
        post("/" + held + "/confirm");
        long heldThenCancelled = sale(phone, true, line("A", "food", "1", 800));
        post("/" + heldThenCancelled + "/cancel");
        long cancelled = sale(phone, false, line("A", "food", "1", 700));
        post("/" + cancelled + "/cancel");
        sale(null, false, line("A", "food", "1", 100000));
        long theirs = sale(duplicatePhone, false, line("A", "food", "7", 9999));
        giveBack(theirs, 0, "2.5");
        long theirsOld = sale(duplicatePhone, false, line("A", "food", "1", 5555));

        given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json")
                .body("{\"from_customer_id\": " + duplicate + "}").post("/api/admin/v1/customers/" + kept + "/merge")
                .then().statusCode(200);

        // spread over the year, so that the window's edge falls across months, receipts and returns
        movedBack(old, 300);
        movedBack(older, 370);
        movedBack(edge, 200);
        movedBack(theirsOld, 120);

        Instant now = Instant.now();
        long[] daysAhead = {0, 1, 40, 64, 65, 66, 80, 150, 164, 165, 166, 200, 244, 245, 246, 364, 366, 400};
        for (long days : daysAhead) {
            Instant at = now.plus(days, ChronoUnit.DAYS);
            assertEquals(fromReceipts(kept, at), running(kept, at), "spend at now + " + days + " days");
            assertEquals(fromReceipts(duplicate, at), running(duplicate, at));
        }
        assertNotEquals(0, running(kept, now), "the scenario spends something");
        assertEquals(0, running(duplicate, now));
        // and each month's row is what its receipts add up to
        assertEquals(0, fixtures.queryLong("""
                SELECT count(*) FROM (
                    SELECT month, sum(minor) AS minor FROM (
                        SELECT date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date AS month,
                               r.total_minor - r.discount_minor AS minor
                          FROM receipts r WHERE r.chain_id = ? AND r.customer_id = ? AND r.status = 'confirmed'
                        UNION ALL
                        SELECT date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date,
                               -round((rl.amount_minor - rl.discount_minor) * x.qty / rl.qty)::bigint
                          FROM return_lines x
                          JOIN receipt_lines rl ON rl.chain_id = x.chain_id AND rl.receipt_id = x.receipt_id
                                               AND rl.line_index = x.line_index
                          JOIN receipts r ON r.chain_id = x.chain_id AND r.id = x.receipt_id
                         WHERE r.chain_id = ? AND r.customer_id = ? AND r.status = 'confirmed') raw GROUP BY month) f
                  FULL JOIN (SELECT month, spend_minor FROM tier_spend_months
                              WHERE chain_id = ? AND customer_id = ? AND spend_minor <> 0) m USING (month)
                 WHERE f.minor IS DISTINCT FROM m.spend_minor""",
                chain.id(), kept, chain.id(), kept, chain.id(), kept));
    }
}
