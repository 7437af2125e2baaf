package io.kopilka.reports;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The customer page's reads (docs/reports.md, "Customers"): search by name, phone or card, the summary, the consent
 * history and a receipt's lines, for head office (whole chain) and a franchisee (its stores, masked).
 */
@QuarkusTest
class CustomerInsightsTest {

    static final String BASE = "/api/reports/v1/customers";

    @Inject
    Fixtures fixtures;

    Fixtures.Chain chain;
    Fixtures.Till alfaTill;
    Fixtures.Till headOfficeTill;
    String alfaUser;
    String phone;
    String card;
    long olga;
    long alfaReceipt;
    long headOfficeReceipt;
    long boris;

    /** Olga enrolled at Alfa's store (born 14 March 1990), bought there and at head office's store; Boris only at head office's. */
    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Alfa");
        alfaTill = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        headOfficeTill = fixtures.till(chain.id(), "Europe/Moscow", null);
        alfaUser = fixtures.franchiseeUser(chain.id(), alfa, "alfa-password");
        phone = newPhone();
        card = "CARD-" + phone.substring(2);
        olga = as(alfaTill).body(Map.of("phone", phone, "card", card, "name", "Ольга Сидорова", "birth_date", "1990-03-14",
                "sms_consent", true)).post("/api/pos/v1/customers").then().statusCode(201).extract().jsonPath().getLong("customer_id");
        alfaReceipt = buy(alfaTill, phone, 120000, 30000);
        headOfficeReceipt = buy(headOfficeTill, phone, 50000);
        as(alfaTill).body("{\"sms_consent\": false}").post("/api/pos/v1/customers/" + olga + "/consent").then().statusCode(200);
        String borisPhone = newPhone();
        boris = as(headOfficeTill).body(Map.of("phone", borisPhone, "name", "Борис Сидоров", "sms_consent", true))
                .post("/api/pos/v1/customers").then().statusCode(201).extract().jsonPath().getLong("customer_id");
        buy(headOfficeTill, borisPhone, 10000);
    }

    private long buy(Fixtures.Till till, String who, long... amounts) {
        return record(till, receipt(newReceiptNo(), who, null, amounts)).statusCode(201).extract().jsonPath().getLong("receipt_id");
    }

    private RequestSpecification alfa() {
        return given().auth().preemptive().basic(alfaUser, "alfa-password");
    }

    private RequestSpecification headOffice() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword());
    }

    @Test
    void headOfficeFindsByPartOfTheNameByAnyPhoneFormByCardAndByPartOfTheNumber() {
        headOffice().queryParam("q", "сидоров").get(BASE + "/search").then().statusCode(200)
                .body("customers.customer_id", contains((int) boris, (int) olga))
                .body("customers[1].phone", equalTo(phone))
                .body("customers[1].home_store", equalTo(alfaTill.storeCode()))
                .body("more", equalTo(false));
        String local = "8 (" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8, 10) + "-" + phone.substring(10);
        headOffice().queryParam("q", local).get(BASE + "/search").then().statusCode(200)
                .body("customers.customer_id", contains((int) olga));
        headOffice().queryParam("q", card).get(BASE + "/search").then().statusCode(200)
                .body("customers.customer_id", contains((int) olga));
        headOffice().queryParam("q", phone.substring(6)).get(BASE + "/search").then().statusCode(200)
                .body("customers.customer_id", contains((int) olga));
        // a page of one: the second match is on the next page
        headOffice().queryParam("q", "Сидоров").queryParam("limit", "1").get(BASE + "/search").then().statusCode(200)
                .body("customers", hasSize(1)).body("more", equalTo(true));
        headOffice().queryParam("q", "Сидоров").queryParam("limit", "1").queryParam("offset", "1").get(BASE + "/search")
                .then().statusCode(200).body("customers.customer_id", contains((int) olga)).body("more", equalTo(false));
        // LIKE's own wildcards are literal
        headOffice().queryParam("q", "%%").get(BASE + "/search").then().statusCode(200).body("customers", hasSize(0));
    }

    @Test
    void aFranchiseeFindsOnlyItsCustomersMaskedAndNotByAPartOfTheNumber() {
        alfa().queryParam("q", "Сидоров").get(BASE + "/search").then().statusCode(200)
                .body("customers.customer_id", contains((int) olga))
                .body("customers[0].phone", equalTo("+7 *** ***-**-" + phone.substring(phone.length() - 2)))
                .body("customers[0].card", equalTo("**** " + card.substring(card.length() - 4)));
        alfa().queryParam("q", phone).get(BASE + "/search").then().statusCode(200).body("customers.customer_id", contains((int) olga));
        alfa().queryParam("q", phone.substring(6)).get(BASE + "/search").then().statusCode(200).body("customers", hasSize(0));
    }

    @Test
    void badSearchesAre400NamingTheParameter() {
        headOffice().queryParam("q", "x").get(BASE + "/search").then().statusCode(400).body("errors[0].field", equalTo("q"));
        headOffice().get(BASE + "/search").then().statusCode(400).body("errors[0].field", equalTo("q"));
        headOffice().queryParam("q", "Ольга").queryParam("offset", "-1").get(BASE + "/search").then().statusCode(400)
                .body("errors[0].field", equalTo("offset"));
        headOffice().queryParam("q", "Ольга").queryParam("limit", "101").get(BASE + "/search").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void theSummaryCountsTheReadersStoresAndShowsTheWayToTheNextTier() {
        publishTiers(1_000_000);
        long chainSpend = 120000 + 30000 + 50000;
        headOffice().get(BASE + "/" + olga + "/summary").then().statusCode(200)
                .body("birthday", equalTo("1990-03-14"))
                .body("receipts12m", equalTo(2))
                .body("spend12m_minor", equalTo((int) chainSpend))
                .body("tier.code", equalTo("base"))
                .body("tier.spend_minor", equalTo((int) chainSpend))
                .body("tier.next_code", equalTo("silver"))
                .body("tier.next_min_spend_minor", equalTo(1_000_000))
                .body("tier.to_next_minor", equalTo((int) (1_000_000 - chainSpend)));
        alfa().get(BASE + "/" + olga + "/summary").then().statusCode(200)
                .body("birthday", equalTo("--03-14"))
                .body("receipts12m", equalTo(1))
                .body("spend12m_minor", equalTo(150000));
        alfa().get(BASE + "/" + boris + "/summary").then().statusCode(404);
        Fixtures.Chain other = fixtures.chain();
        given().auth().preemptive().basic(other.adminEmail(), other.adminPassword()).get(BASE + "/" + olga + "/summary")
                .then().statusCode(404);
    }

    @Test
    void theConsentHistoryNamesTheStoreAndTerminal() {
        alfa().get(BASE + "/" + olga + "/consents").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].consent", equalTo(false))
                .body("[0].source", equalTo("pos"))
                .body("[0].store", equalTo(alfaTill.storeCode()))
                .body("[0].terminal", equalTo("Till"))
                .body("[1].consent", equalTo(true))
                .body("[1].source", equalTo("enrolment"))
                .body("[1].store", equalTo(alfaTill.storeCode()));
        headOffice().get(BASE + "/" + boris + "/consents").then().statusCode(200).body("", hasSize(1))
                .body("[0].source", equalTo("enrolment")).body("[0].store", equalTo(headOfficeTill.storeCode()));
        headOffice().queryParam("limit", "0").get(BASE + "/" + olga + "/consents").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void aReceiptsLinesAreReadInTheReadersStoresOnly() {
        headOffice().get(BASE + "/" + olga + "/receipts/" + alfaReceipt + "/lines").then().statusCode(200)
                .body("amount_minor", contains(120000, 30000))
                .body("sku", contains("SKU0", "SKU1"))
                .body("final_amount_minor", not(hasItem(nullValue())));
        alfa().get(BASE + "/" + olga + "/receipts/" + alfaReceipt + "/lines").then().statusCode(200).body("", hasSize(2));
        alfa().get(BASE + "/" + olga + "/receipts/" + headOfficeReceipt + "/lines").then().statusCode(404);
        // a receipt of another customer is not found under this one
        long borisReceipt = fixtures.queryLong("SELECT id FROM receipts WHERE chain_id = ? AND customer_id = ?", chain.id(), boris);
        headOffice().get(BASE + "/" + olga + "/receipts/" + borisReceipt + "/lines").then().statusCode(404);
    }

    /** A second tier, published through the admin API as head office would. */
    @SuppressWarnings("unchecked")
    private void publishTiers(long silverMinor) {
        Map<String, Object> programme = new HashMap<>(headOffice().get("/api/admin/v1/program").then().statusCode(200)
                .extract().jsonPath().getMap(""));
        programme.remove("version");
        programme.remove("effective_from");
        List<Map<String, Object>> tiers = List.of((Map<String, Object>) ((List<Object>) programme.get("tiers")).get(0),
                Map.of("code", "silver", "name", "Silver", "min_spend_minor", silverMinor, "rate_pct", 7));
        programme.put("tiers", tiers);
        headOffice().contentType(ContentType.JSON).body(programme).put("/api/admin/v1/program").then().statusCode(200);
        assertEquals(2, headOffice().get("/api/admin/v1/program").then().extract().jsonPath().getList("tiers").size());
    }
}
