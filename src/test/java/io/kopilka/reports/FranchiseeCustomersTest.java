package io.kopilka.reports;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.grant;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Franchisees see their customers (docs/reports.md, "Customers"): masked, only customers of their stores, only
 * their stores' receipts and ledger lines; head office sees everything of its chain, unmasked.
 */
@QuarkusTest
class FranchiseeCustomersTest {

    static final String BASE = "/api/reports/v1/customers";

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;
    Fixtures.Till alfaTill;
    Fixtures.Till betaTill;
    Fixtures.Till headOfficeTill;
    String alfaUser;
    String alfaPhone;
    long alfaCustomer;
    long betaCustomer;
    long shopperAtAlfa;
    List<Long> alfaReceipts;

    /**
     * Anna enrolled at Alfa's store, bought there, at Beta's and at head office's own store; Boris belongs to Beta
     * alone; Carl enrolled at head office's store and bought once at Alfa's.
     */
    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Alfa");
        long beta = fixtures.franchisee(chain.id(), "Beta");
        alfaTill = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        betaTill = fixtures.till(chain.id(), "Europe/Moscow", beta);
        headOfficeTill = fixtures.till(chain.id(), "Europe/Moscow", null);
        alfaUser = fixtures.franchiseeUser(chain.id(), alfa, "alfa-password");

        alfaPhone = newPhone();
        alfaCustomer = as(alfaTill).body(Map.of("phone", alfaPhone, "card", "CARD-" + alfaPhone, "name", "Anna",
                "sms_consent", true)).post("/api/pos/v1/customers").then().statusCode(201).extract().jsonPath()
                .getLong("customer_id");
        grant(fixtures, chain.id(), alfaCustomer, 500);
        alfaReceipts = List.of(buy(alfaTill, alfaPhone, null, 100000), buy(alfaTill, alfaPhone, null, 20000));
        buy(betaTill, alfaPhone, 100, 50000);
        buy(headOfficeTill, alfaPhone, null, 30000);

        String betaPhone = newPhone();
        betaCustomer = enrol(betaTill, betaPhone);
        buy(betaTill, betaPhone, null, 40000);

        String carlPhone = newPhone();
        shopperAtAlfa = enrol(headOfficeTill, carlPhone);
        buy(alfaTill, carlPhone, null, 10000);
    }

    private long buy(Fixtures.Till till, String phone, Object redeem, long amount) {
        return record(till, receipt(newReceiptNo(), phone, redeem, amount)).statusCode(201).extract().jsonPath()
                .getLong("receipt_id");
    }

    private RequestSpecification alfa() {
        return given().auth().preemptive().basic(alfaUser, "alfa-password");
    }

    private RequestSpecification headOffice() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
    }

    private ValidatableResponse get(RequestSpecification who, String path) {
        return who.get(BASE + path).then();
    }

    @Test
    void aFranchiseeSeesItsCustomerMaskedWithOnlyItsStoresReceiptsAndLines() {
        String last2 = alfaPhone.substring(alfaPhone.length() - 2);
        get(alfa(), "/" + alfaCustomer).statusCode(200)
                .body("customer_id", equalTo((int) alfaCustomer))
                .body("name", equalTo("Anna"))
                .body("phone", equalTo("+7 *** ***-**-" + last2))
                .body("card", equalTo("**** " + alfaPhone.substring(alfaPhone.length() - 4)))
                .body("home_store", equalTo(alfaTill.storeCode()))
                .body("tier", equalTo("base"))
                .body("sms_consent", equalTo(true))
                .body("balance.available", equalTo(400))
                .body("enrolled_at", org.hamcrest.Matchers.notNullValue());
        // found by the phone in a local form, and by the card
        String local = "8 " + alfaPhone.substring(2, 5) + " " + alfaPhone.substring(5);
        alfa().queryParam("phone", local).get(BASE).then().statusCode(200).body("customer_id", equalTo((int) alfaCustomer));
        alfa().queryParam("card", "CARD-" + alfaPhone).get(BASE).then().statusCode(200)
                .body("customer_id", equalTo((int) alfaCustomer));

        JsonPath receipts = get(alfa(), "/" + alfaCustomer + "/receipts").statusCode(200).extract().jsonPath();
        assertEquals(List.of(alfaReceipts.get(1), alfaReceipts.get(0)), receipts.getList("receipt_id", Long.class),
                "Alfa's two receipts, newest first");
        assertEquals(Set.of(alfaTill.storeCode()), Set.copyOf(receipts.getList("store")));
        assertEquals(100000L, receipts.getLong("find { it.receipt_id == " + alfaReceipts.get(0) + " }.total_minor"));
        assertEquals("confirmed", receipts.getString("[0].status"));

        JsonPath lines = get(alfa(), "/" + alfaCustomer + "/ledger").statusCode(200).extract().jsonPath();
        assertEquals(2, lines.getList("id").size(), "the earn lines of Alfa's two receipts");
        assertEquals(Set.of(alfaTill.storeId()), Set.copyOf(lines.getList("store_id", Long.class)));
        assertEquals(Set.copyOf(alfaReceipts), Set.copyOf(lines.getList("receipt_id", Long.class)));

        get(alfa(), "/" + alfaCustomer + "/receipts?limit=1").statusCode(200)
                .body("receipt_id", equalTo(List.of(alfaReceipts.get(1).intValue())));
    }

    @Test
    void aFranchiseeSeesACustomerWhoBoughtInItsStoreButNotOneWhoNeverCame() {
        get(alfa(), "/" + shopperAtAlfa).statusCode(200).body("home_store", equalTo(headOfficeTill.storeCode()));
        JsonPath receipts = get(alfa(), "/" + shopperAtAlfa + "/receipts").statusCode(200).extract().jsonPath();
        assertEquals(1, receipts.getList("receipt_id").size());

        for (String path : new String[] {"/" + betaCustomer, "/" + betaCustomer + "/receipts", "/" + betaCustomer + "/ledger"}) {
            get(alfa(), path).statusCode(404);
        }
        String betaPhone = fixtures.queryString("SELECT phone FROM customers WHERE chain_id = ? AND id = ?", chain.id(), betaCustomer);
        alfa().queryParam("phone", betaPhone).get(BASE).then().statusCode(404);
    }

    @Test
    void headOfficeSeesEveryReceiptAndLineUnmasked() {
        get(headOffice(), "/" + alfaCustomer).statusCode(200).body("phone", equalTo(alfaPhone))
                .body("card", equalTo("CARD-" + alfaPhone));
        assertEquals(4, get(headOffice(), "/" + alfaCustomer + "/receipts").statusCode(200).extract().jsonPath()
                .getList("receipt_id").size());
        JsonPath lines = get(headOffice(), "/" + alfaCustomer + "/ledger").statusCode(200).extract().jsonPath();
        assertTrue(lines.getList("store_id").contains(null), "head office's grant without a store is there too");
        assertTrue(lines.getList("store_id", Long.class).contains(betaTill.storeId()));
        get(headOffice(), "/" + betaCustomer).statusCode(200);
    }

    @Test
    void anotherChainSeesNothing() {
        Fixtures.Chain other = fixtures.chain();
        RequestSpecification stranger = given().auth().preemptive().basic(other.adminEmail(), other.adminPassword());
        for (String path : new String[] {"/" + alfaCustomer, "/" + alfaCustomer + "/receipts", "/" + alfaCustomer + "/ledger"}) {
            get(stranger, path).statusCode(404);
        }
        stranger.queryParam("phone", alfaPhone).get(BASE).then().statusCode(404);
        given().get(BASE + "/" + alfaCustomer).then().statusCode(401);
    }

    @Test
    void badInputIsA400NamingTheParameter() {
        alfa().get(BASE).then().statusCode(400).body("errors[0].field", equalTo("phone"));
        alfa().queryParam("phone", alfaPhone).queryParam("card", "X").get(BASE).then().statusCode(400)
                .body("errors[0].field", equalTo("phone"));
        alfa().queryParam("phone", "not a phone").get(BASE).then().statusCode(400).body("errors[0].field", equalTo("phone"));
        alfa().queryParam("card", "x".repeat(65)).get(BASE).then().statusCode(400).body("errors[0].field", equalTo("card"));
        for (String limit : new String[] {"0", "1001", "ten"}) {
            get(alfa(), "/" + alfaCustomer + "/receipts?limit=" + limit).statusCode(400).body("errors[0].field", equalTo("limit"));
            get(alfa(), "/" + alfaCustomer + "/ledger?limit=" + limit).statusCode(400).body("errors[0].field", equalTo("limit"));
        }
    }
}
