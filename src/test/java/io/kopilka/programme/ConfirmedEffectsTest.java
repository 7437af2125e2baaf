package io.kopilka.programme;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.post;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.kopilka.programme.ProgrammeDocs.doc;
import static io.kopilka.programme.ProgrammeDocs.put;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.ledger.LedgerChecks;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A receipt recorded confirmed and the same receipt held, then confirmed, set off the same things: the earn, the
 * tier upgrade, the birthday bonus and the referral reward (tills that print the fiscal receipt between hold and
 * confirm used to lose the tier and the birthday).
 */
@QuarkusTest
class ConfirmedEffectsTest {

    private static final String TIERS = "[{\"code\": \"base\", \"name\": \"Base\", \"min_spend_minor\": 0, \"rate_pct\": 5},"
            + "{\"code\": \"gold\", \"name\": \"Gold\", \"min_spend_minor\": 100000, \"rate_pct\": 7}]";
    private static final String BIRTHDAY = "{\"points\": 200, \"multiplier\": null, \"window_days\": 3}";
    private static final String REFERRAL = "{\"friend_points\": 100, \"referrer_points\": 300, \"min_receipt_minor\": 100000, \"monthly_cap\": 10}";

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    @Test
    void recordingConfirmedAndHoldingThenConfirmingGiveTheSameLedgerTierAndReferral() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id(), "Europe/Moscow", null);
        put(chain, doc("bonus", TIERS, "[]", "[]", BIRTHDAY).replace("\"referral\": null", "\"referral\": " + REFERRAL))
                .statusCode(200);
        String code = as(till).body("{\"phone\": \"" + newPhone() + "\", \"sms_consent\": true}").post(PosApi.CUSTOMERS)
                .then().statusCode(201).extract().jsonPath().getString("referral_code");
        LocalDate birthDate = LocalDate.now(ZoneId.of("Europe/Moscow")).minusYears(25).plusDays(2);
        String recordedPhone = newPhone();
        String heldPhone = newPhone();
        long recorded = twin(till, recordedPhone, birthDate, code);
        long held = twin(till, heldPhone, birthDate, code);

        record(till, receipt(newReceiptNo(), recordedPhone, null, 150000)).statusCode(201)
                .body("status", equalTo("confirmed"))
                .body("messages", hasItem("Happy birthday! +200 points"))
                .body("messages", hasItem("Welcome to Gold! 7% from the next purchase"));
        long receiptId = record(till, receipt(newReceiptNo(), heldPhone, null, 150000).replaceFirst("\\{", "{\"hold\": true, "))
                .statusCode(201).body("status", equalTo("held")).extract().jsonPath().getLong("receipt_id");
        post(till, "/" + receiptId + "/confirm").statusCode(200)
                .body("status", equalTo("confirmed"))
                .body("messages", hasItem("Happy birthday! +200 points"))
                .body("messages", hasItem("Welcome to Gold! 7% from the next purchase"));

        // welcome by a friend's code 100, the birthday 200, and 5% of 1500.00 at the old tier
        List<String> expected = List.of("birthday:200", "earn:75", "referral:100");
        assertEquals(expected, entries(chain.id(), recorded));
        assertEquals(expected, entries(chain.id(), held));
        assertEquals("gold", fixtures.queryString("SELECT tier_code FROM customers WHERE id = ?", recorded));
        assertEquals("gold", fixtures.queryString("SELECT tier_code FROM customers WHERE id = ?", held));
        String pendingReward = "SELECT count(*) FROM referral_rewards WHERE friend_id = ? AND status = 'pending' AND points = 300";
        assertEquals(1, fixtures.queryLong(pendingReward, recorded));
        assertEquals(1, fixtures.queryLong(pendingReward, held));
        assertArrayEquals(PosApi.balance(till, recordedPhone), PosApi.balance(till, heldPhone));
        ledger.assertConsistent(chain.id());
    }

    /** A customer enrolled by a friend's code, with a birthday in two days. */
    private static long twin(Fixtures.Till till, String phone, LocalDate birthDate, String referralCode) {
        return as(till).body("{\"phone\": \"" + phone + "\", \"sms_consent\": true, \"birth_date\": \"" + birthDate
                + "\", \"referral_code\": \"" + referralCode + "\"}").post(PosApi.CUSTOMERS)
                .then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    /** The customer's ledger as kind:points, sorted. */
    private List<String> entries(long chainId, long customerId) {
        return ledger.entries(chainId, customerId).stream().map(e -> e.kind() + ":" + e.points()).sorted().toList();
    }
}
