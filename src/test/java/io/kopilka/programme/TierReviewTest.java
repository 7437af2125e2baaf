package io.kopilka.programme;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.kopilka.programme.ProgrammeDocs.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.Housekeeping;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TierReviewTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Housekeeping housekeeping;

    @Test
    void customersWhoseSpendLeftTheYearAreMovedDownByTheNightlyReview() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        put(chain, doc("bonus", "[{\"code\": \"base\", \"name\": \"Base\", \"min_spend_minor\": 0, \"rate_pct\": 5},"
                + "{\"code\": \"gold\", \"name\": \"Gold\", \"min_spend_minor\": 100000, \"rate_pct\": 7}]", "[]", "[]", "null"))
                .statusCode(200);
        String stays = newPhone();
        String lapses = newPhone();
        long staysId = PosApi.enrol(till, stays);
        long lapsesId = PosApi.enrol(till, lapses);
        for (String phone : List.of(stays, lapses)) {
            Map<String, Object> body = receiptMap(newReceiptNo(), phone, null);
            body.put("lines", List.of(line("A", "food", "1", 150000)));
            as(till).body(json(body)).post(PosApi.RECEIPTS).then().statusCode(201);
        }
        assertEquals("gold", tier(staysId));
        assertEquals("gold", tier(lapsesId));
        // the lapsed customer's purchase is now more than a year old
        fixtures.execute("UPDATE receipts SET occurred_at = occurred_at - interval '400 days' WHERE customer_id = ?", lapsesId);

        Housekeeping.Summary summary = housekeeping.run(Instant.now());

        assertEquals("gold", tier(staysId));
        assertEquals("base", tier(lapsesId));
        assertTrue(summary.tiersLowered() >= 1);
        housekeeping.run(Instant.now());
        assertEquals("gold", tier(staysId), "a second run changes nothing more");
        assertEquals("base", tier(lapsesId));
    }

    private String tier(long customerId) {
        return fixtures.queryLong("SELECT CASE tier_code WHEN 'gold' THEN 1 ELSE 0 END FROM customers WHERE id = ?", customerId) == 1
                ? "gold" : "base";
    }
}
