package io.kopilka.pos;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.lookup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Customers at the till: the phone in any local form is the identity; enrolment never duplicates. */
@QuarkusTest
class CustomerTest {

    @Inject
    Fixtures fixtures;

    Fixtures.Till till;

    @BeforeEach
    void setUp() {
        till = fixtures.till(fixtures.chain().id());
    }

    @Test
    void localPhoneFormsFindTheSameCustomer() {
        long id = enrol(till, "+79001234567");
        for (String form : new String[] {"+79001234567", "8 900 123-45-67", "+7 (900) 123 45 67", "89001234567",
                "9001234567", " +7-900-123-45-67 "}) {
            JsonPath p = lookup(till, form);
            assertEquals(id, p.getLong("customer_id"), form);
            assertEquals("+7 900 ***-**-67", p.getString("phone_masked"), form);
            assertEquals("base", p.getString("tier"));
            assertEquals(0, p.getLong("balance.available"));
        }
        // a receipt naming the customer by a local form earns for the same customer
        PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), "8 (900) 123-45-67", null, 10000)).statusCode(201)
                .body("customer_id", equalTo((int) id)).body("points_earned", equalTo(5));
        assertEquals(5, lookup(till, "+79001234567").getLong("balance.pending"));
    }

    @Test
    void unknownCustomerIs404() {
        enrol(till, "+79001234567");
        as(till).queryParam("phone", "+79001234568").get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://kopilka.io/problems/not-found"));
        as(till).queryParam("card", "NO-SUCH-CARD").get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404);
    }

    @Test
    void lookupNeedsExactlyOneValidKey() {
        as(till).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("phone"));
        as(till).queryParam("phone", "12").get(PosApi.CUSTOMERS + "/lookup").then().statusCode(400)
                .body("errors.field", hasItem("phone"));
        as(till).queryParam("phone", "+79001234567").queryParam("card", "C1").get(PosApi.CUSTOMERS + "/lookup").then()
                .statusCode(400);
    }

    @Test
    void enrollingTheSamePhoneTwiceAnswersTheExistingCustomer() {
        long id = enrol(till, "+79001234567");
        as(till).body("{\"phone\": \"8 900 123-45-67\", \"sms_consent\": false}").post(PosApi.CUSTOMERS).then()
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://kopilka.io/problems/customer-exists"))
                .body("customer_id", equalTo((int) id));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM customers WHERE chain_id = ?", till.chainId()));
    }

    @Test
    void enrolmentRecordsConsentAndCardLookupWorks() {
        long id = as(till).body("{\"phone\": \"+79001112233\", \"card\": \"CARD-1\", \"name\": \"Anna\", \"sms_consent\": true}")
                .post(PosApi.CUSTOMERS).then().statusCode(201)
                .body("name", equalTo("Anna")).body("sms_consent", equalTo(true))
                .extract().jsonPath().getLong("customer_id");
        assertEquals(till.terminalId(), fixtures.queryLong(
                "SELECT consent_terminal_id FROM customers WHERE chain_id = ? AND id = ? AND consent_at IS NOT NULL",
                till.chainId(), id));
        as(till).queryParam("card", "CARD-1").get(PosApi.CUSTOMERS + "/lookup").then().statusCode(200)
                .body("customer_id", equalTo((int) id));
        as(till).body("{\"phone\": \"+79001112244\", \"card\": \"CARD-1\", \"sms_consent\": true}")
                .post(PosApi.CUSTOMERS).then().statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/card-taken"));
    }

    @Test
    void badEnrolmentsAreProblemsNamingTheField() {
        as(till).body("{\"phone\": \"not a phone\", \"sms_consent\": true}").post(PosApi.CUSTOMERS).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("phone"));
        as(till).body("{\"phone\": \"+79001234567\"}").post(PosApi.CUSTOMERS).then()
                .statusCode(400).body("errors.field", hasItem("sms_consent"));
        as(till).body("{\"phone\": \"+79001234567\", \"sms_consent\": true, \"birth_date\": \"2999-01-01\"}")
                .post(PosApi.CUSTOMERS).then().statusCode(400).body("errors.field", hasItem("birth_date"));
        as(till).body("{\"phone\": \"+79001234567\", \"sms_consent\": true, \"referral_code\": \"NOPE\"}")
                .post(PosApi.CUSTOMERS).then().statusCode(400).body("errors.field", hasItem("referral_code"));
        // the card column holds 64 characters: a longer card is the till's mistake, not a database failure
        as(till).body("{\"phone\": \"+79001234567\", \"sms_consent\": true, \"card\": \"" + "7".repeat(65) + "\"}")
                .post(PosApi.CUSTOMERS).then().statusCode(400).body("errors.field", hasItem("card"));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM customers WHERE chain_id = ?", till.chainId()));
    }
}
