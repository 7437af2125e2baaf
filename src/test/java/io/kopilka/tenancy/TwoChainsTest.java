package io.kopilka.tenancy;

import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.line;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.kopilka.admin.ChainSetup;
import io.kopilka.platform.StaffSessions;
import io.kopilka.pos.PosApi;
import io.kopilka.reports.ReportRollups;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Two chains made by the operator's use case ({@code chains create}) run side by side: each admin signs in, opens a
 * store with the same store code, issues a terminal, enrols a customer with the same phone and card, records a
 * receipt with the same receipt number, uses a promo code of the same name. Then, through every API family (POS with
 * the receipt lookup and the till's customer care, head office, reports with their customer pages, campaigns, the
 * console), each chain sees only its own rows, and every path naming the other chain's id answers 404.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoChainsTest {

    private static final String ADMIN = "/api/admin/v1";
    private static final String REPORTS = "/api/reports/v1/";
    private static final String STORE_CODE = "0001";
    private static final String RECEIPT_NO = "0001-000042";
    private static final String PROMO = "SPRING";
    private static final String PROGRAMME = """
            {"point_value_minor": 100, "earn_mode": "bonus", "earn_on": "paid_amount", "max_redeem_share_pct": 30,
             "min_line_price_pct": 0, "accrual_delay_days": 0, "expiry_days": 365, "hold_ttl_minutes": 15,
             "tiers": [{"code": "base", "name": "Base", "min_spend_minor": 0, "rate_pct": %d}], "categories": [],
             "multipliers": [], "welcome_points": %d, "birthday": null, "referral": null, "promo_stacking": true}""";

    @Inject
    ChainSetup setup;

    @Inject
    ReportRollups rollups;

    @Inject
    Fixtures fixtures;

    /** One chain as its head office and its till built it through the API. */
    record Tenant(String name, long id, String email, String password, long franchiseeId, long storeId, long terminalId,
            Fixtures.Till till, String franchiseeEmail, long userId, long promoId, long customerId, long receiptId,
            long heldId, long batchReceiptId, long campaignId, long sales) {

        RequestSpecification admin() {
            return given().auth().preemptive().basic(email, password).contentType(ContentType.JSON).accept(ContentType.JSON);
        }

        String franchiseeName() {
            return name.replace("Retail", "Franchise");
        }

        RequestSpecification pos() {
            return PosApi.as(till);
        }
    }

    final String phone = PosApi.newPhone();
    final String card = "77" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
    Tenant north;
    Tenant south;

    @BeforeEach
    void twoChains() {
        if (north != null) {
            return;
        }
        // different amounts and rates, so that a figure of one chain showing in the other's report would be seen
        north = tenant("North", 5, 10, 100_000);
        south = tenant("South", 7, 20, 40_000);
        rollups.refresh(Instant.now());
    }

    private Tenant tenant(String label, int ratePct, int welcomePoints, long amountMinor) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = label + " Retail " + suffix;
        String email = label.toLowerCase() + "-" + suffix + "@chains.test";
        String password = label + "-password-" + suffix;
        long id = setup.create(new ChainSetup.NewChain(name, "RUB", "RU", email, password));
        java.util.function.Supplier<RequestSpecification> as = () -> given().auth().preemptive().basic(email, password)
                .contentType(ContentType.JSON).accept(ContentType.JSON);

        long franchiseeId = created(as.get().body(Map.of("name", name.replace("Retail", "Franchise"))).post(ADMIN + "/franchisees"));
        long storeId = created(as.get().body(Map.of("code", STORE_CODE, "name", name.replace("Retail", "Store"), "timezone", "Europe/Moscow",
                "franchisee_id", franchiseeId)).post(ADMIN + "/stores"));
        JsonPath terminal = as.get().body(Map.of("name", "Till 1")).post(ADMIN + "/stores/" + storeId + "/terminals")
                .then().statusCode(201).extract().jsonPath();
        Fixtures.Till till = new Fixtures.Till(id, storeId, STORE_CODE, terminal.getLong("terminal_id"), terminal.getString("key"));
        String franchiseeEmail = "fr-" + email;
        long userId = created(as.get().body(Map.of("email", franchiseeEmail, "password", password, "role", "franchisee",
                "franchisee_id", franchiseeId)).post(ADMIN + "/users"));
        as.get().body(PROGRAMME.formatted(ratePct, welcomePoints)).put(ADMIN + "/program").then().statusCode(200);
        long promoId = created(as.get().body(Map.of("code", PROMO, "kind", "fixed", "amount_minor", 500)).post(ADMIN + "/promo-codes"));

        long customerId = PosApi.as(till).body(json(Map.of("phone", phone, "card", card, "sms_consent", true)))
                .post(PosApi.CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
        as.get().body(Map.of("points", 300, "reason", "goodwill")).post(ADMIN + "/customers/" + customerId + "/adjustments")
                .then().statusCode(201);
        Map<String, Object> receipt = receiptMap(RECEIPT_NO, phone, 10, amountMinor);
        receipt.put("promo_codes", List.of(PROMO));
        long receiptId = PosApi.record(till, json(receipt)).statusCode(201).extract().jsonPath().getLong("receipt_id");
        PosApi.as(till).body("{\"return_no\": \"R-1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                .post(PosApi.RECEIPTS + "/" + receiptId + "/returns").then().statusCode(201);
        Map<String, Object> held = receiptMap(RECEIPT_NO + "-H", phone, null, amountMinor);
        held.put("hold", true);
        long heldId = PosApi.record(till, json(held)).statusCode(201).extract().jsonPath().getLong("receipt_id");
        Map<String, Object> offline = receiptMap(RECEIPT_NO + "-B", phone, null, amountMinor);
        offline.put("lines", List.of(line("BREAD", "bread", "1", amountMinor)));
        long batchId = PosApi.as(till).body(json(Map.of("receipts", List.of(offline)))).post(PosApi.RECEIPTS + "/batch")
                .then().statusCode(200).extract().jsonPath().getLong("results[0].result.receipt_id");
        long campaignId = created(as.get().body("{\"name\": \"" + label + " weekend\", \"templates\": {\"ru\": \"Скидки\"}}")
                .post(ADMIN + "/campaigns"));
        return new Tenant(name, id, email, password, franchiseeId, storeId, till.terminalId(), till, franchiseeEmail, userId,
                promoId, customerId, receiptId, heldId, batchId, campaignId, amountMinor);
    }

    private static long created(Response r) {
        return r.then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void notFound(ValidatableResponse r) {
        r.statusCode(404).contentType("application/problem+json");
    }

    private List<Tenant[]> bothWays() {
        return List.of(new Tenant[] { north, south }, new Tenant[] { south, north });
    }

    @Test
    void theSamePhoneCardStoreCodeAndReceiptNumberAreTwoDifferentThingsInTwoChains() {
        assertNotEquals(north.id(), south.id());
        assertNotEquals(north.customerId(), south.customerId());
        assertNotEquals(north.receiptId(), south.receiptId());
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            me.pos().queryParam("phone", phone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(200)
                    .body("customer_id", equalTo((int) me.customerId()));
            me.pos().queryParam("card", card).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(200)
                    .body("customer_id", equalTo((int) me.customerId()));
            me.pos().get(PosApi.RECEIPTS + "/" + me.receiptId()).then().statusCode(200)
                    .body("receipt_id", equalTo((int) me.receiptId()));
            // a replay of the receipt number is the chain's own receipt again, not the other chain's
            Map<String, Object> again = receiptMap(RECEIPT_NO, phone, 10, me.sales());
            again.put("promo_codes", List.of(PROMO));
            long replayed = PosApi.record(me.till, json(again)).extract().jsonPath().getLong("receipt_id");
            assertEquals(me.receiptId(), replayed);
        }
        // each chain's customer has its own points: 300 granted, 10 redeemed, earned at the chain's own rate
        long northAvailable = PosApi.lookup(north.till, phone).getLong("balance.available");
        long southAvailable = PosApi.lookup(south.till, phone).getLong("balance.available");
        assertNotEquals(northAvailable, southAvailable);
    }

    @Test
    void aTillReachesNoReceiptOrCustomerOfTheOtherChain() {
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            long[] before = PosApi.balance(other.till, phone);
            for (long id : new long[] { other.receiptId(), other.heldId(), other.batchReceiptId() }) {
                notFound(me.pos().get(PosApi.RECEIPTS + "/" + id).then());
                notFound(me.pos().post(PosApi.RECEIPTS + "/" + id + "/confirm").then());
                notFound(me.pos().post(PosApi.RECEIPTS + "/" + id + "/cancel").then());
                notFound(me.pos().body("{\"return_no\": \"X-1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}")
                        .post(PosApi.RECEIPTS + "/" + id + "/returns").then());
            }
            notFound(me.pos().body("{\"preferred_mode\": \"discount\"}")
                    .put(PosApi.CUSTOMERS + "/" + other.customerId() + "/preferred-mode").then());
            // naming the other chain's customer by id on a receipt finds nobody
            Map<String, Object> byId = receiptMap(PosApi.newReceiptNo(), null, null, 1000);
            byId.put("customer", Map.of("customer_id", other.customerId()));
            PosApi.record(me.till, json(byId)).statusCode(422)
                    .body("type", equalTo("https://kopilka.io/problems/customer-not-found"));
            // the other chain's referral code brings nobody into mine
            String theirCode = PosApi.lookup(other.till, phone).getString("referral_code");
            me.pos().body(json(Map.of("phone", PosApi.newPhone(), "sms_consent", false, "referral_code", theirCode)))
                    .post(PosApi.CUSTOMERS).then().statusCode(400).body("errors[0].field", equalTo("referral_code"));
            assertEquals(List.of(before[0], before[1], before[2]), asList(PosApi.balance(other.till, phone)));
            other.pos().get(PosApi.RECEIPTS + "/" + other.heldId()).then().statusCode(200).body("status", equalTo("held"));
        }
    }

    @Test
    void theReceiptLookupAndTheTillsCustomerCareStayInTheChain() {
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            // the same store code and receipt number in both chains: each till finds its own chain's receipt
            me.pos().queryParam("store", STORE_CODE).queryParam("receipt_no", RECEIPT_NO).get(PosApi.RECEIPTS + "/lookup")
                    .then().statusCode(200).body("receipt_id", equalTo((int) me.receiptId()));
            String theirs = PosApi.CUSTOMERS + "/" + other.customerId();
            notFound(me.pos().body(json(Map.of("card", "99" + other.customerId()))).post(theirs + "/card").then());
            notFound(me.pos().body(json(Map.of("sms_consent", false))).post(theirs + "/consent").then());
            notFound(me.pos().body(json(Map.of("phone", PosApi.newPhone()))).post(theirs + "/phone-change").then());
            notFound(me.pos().body(json(Map.of("code", "123456"))).post(theirs + "/phone-change/confirm").then());
            PosApi.lookup(other.till, phone);
            other.pos().queryParam("card", card).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(200)
                    .body("customer_id", equalTo((int) other.customerId())).body("sms_consent", equalTo(true));
        }
    }

    @Test
    void reportReadersFindOnlyTheChainsOwnCustomer() {
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            RequestSpecification franchisee = given().auth().preemptive().basic(me.franchiseeEmail(), me.password());
            for (RequestSpecification reader : List.of(me.admin(), franchisee)) {
                reader.queryParam("phone", phone).get(REPORTS + "customers").then().statusCode(200)
                        .body("customer_id", equalTo((int) me.customerId()));
            }
            for (String path : List.of("", "/receipts", "/ledger")) {
                notFound(me.admin().get(REPORTS + "customers/" + other.customerId() + path).then());
                notFound(given().auth().preemptive().basic(me.franchiseeEmail(), me.password())
                        .get(REPORTS + "customers/" + other.customerId() + path).then());
            }
            me.admin().get(REPORTS + "customers/" + me.customerId() + "/receipts").then().statusCode(200)
                    .body("receipt_id", org.hamcrest.Matchers.hasItem((int) me.receiptId()))
                    .body("receipt_id", not(org.hamcrest.Matchers.hasItem((int) other.receiptId())));
        }
    }

    private static List<Long> asList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @Test
    void headOfficeListsOnlyItsOwnRows() {
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            me.admin().get(ADMIN + "/stores").then().statusCode(200)
                    .body("id", equalTo(List.of((int) me.storeId()))).body("code", equalTo(List.of(STORE_CODE)));
            me.admin().get(ADMIN + "/stores/" + me.storeId() + "/terminals").then().statusCode(200)
                    .body("id", equalTo(List.of((int) me.terminalId())));
            me.admin().get(ADMIN + "/franchisees").then().statusCode(200)
                    .body("id", equalTo(List.of((int) me.franchiseeId())));
            me.admin().get(ADMIN + "/users").then().statusCode(200)
                    .body("email", equalTo(List.of(me.email(), me.franchiseeEmail())));
            me.admin().queryParam("phone", phone).get(ADMIN + "/customers").then().statusCode(200)
                    .body("id", equalTo((int) me.customerId()));
            me.admin().queryParam("card", card).get(ADMIN + "/customers").then().statusCode(200)
                    .body("id", equalTo((int) me.customerId()));
            me.admin().get(ADMIN + "/customers/" + me.customerId() + "/ledger").then().statusCode(200)
                    .body("store_id.findAll { it != null }.unique()", equalTo(List.of((int) me.storeId())));
            me.admin().get(ADMIN + "/program/versions").then().statusCode(200)
                    .body("version", org.hamcrest.Matchers.containsInAnyOrder(1, 2));
            me.admin().get(ADMIN + "/promo-codes").then().statusCode(200).body("id", equalTo(List.of((int) me.promoId())))
                    .body("[0].uses", equalTo(1));
            me.admin().get(ADMIN + "/campaigns").then().statusCode(200).body("id", equalTo(List.of((int) me.campaignId())));
            me.admin().get(ADMIN + "/ledger/audit").then().statusCode(200).body("ok", equalTo(true))
                    .body("customers_checked", equalTo(1));
            // every change the chain's audit shows was made by its own admin (or its till), and all of its rows are there
            JsonPath audit = me.admin().queryParam("limit", "1000").get(ADMIN + "/audit").then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(fixtures.queryLong("SELECT count(*) FROM audit_log WHERE chain_id = ?", me.id()),
                    audit.getList("id").size());
            assertTrue(audit.getList("id").size() >= 6, "stores, terminals, franchisees, users, programme, promo codes");
            Set<String> authors = new HashSet<>(audit.getList("user_email", String.class));
            authors.remove(null);
            assertEquals(Set.of(me.email()), authors);
        }
    }

    @Test
    void headOfficePathsWithTheOtherChainsIdsAreNotFoundAndChangeNothing() {
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            String otherStore = ADMIN + "/stores/" + other.storeId();
            notFound(me.admin().get(otherStore).then());
            notFound(me.admin().get(otherStore + "/terminals").then());
            notFound(me.admin().body(Map.of("name", "Intruder")).post(otherStore + "/terminals").then());
            notFound(me.admin().delete(ADMIN + "/terminals/" + other.terminalId()).then());
            me.admin().body(Map.of("code", "X1", "name", "X", "timezone", "Europe/Moscow", "franchisee_id", other.franchiseeId()))
                    .post(ADMIN + "/stores").then().statusCode(400).body("errors[0].field", equalTo("franchisee_id"));
            me.admin().body(Map.of("email", "x-" + UUID.randomUUID() + "@chains.test", "password", "long-enough-password",
                    "role", "franchisee", "franchisee_id", other.franchiseeId())).post(ADMIN + "/users").then().statusCode(400)
                    .body("errors[0].field", equalTo("franchisee_id"));
            String otherCustomer = ADMIN + "/customers/" + other.customerId();
            notFound(me.admin().get(otherCustomer).then());
            notFound(me.admin().get(otherCustomer + "/ledger").then());
            notFound(me.admin().body(Map.of("points", 1000, "reason", "theft")).post(otherCustomer + "/adjustments").then());
            notFound(me.admin().body(Map.of("name", "Intruder"))
                    .patch(otherCustomer).then());
            notFound(me.admin().body(Map.of("from_customer_id", me.customerId())).post(otherCustomer + "/merge").then());
            notFound(me.admin().body(Map.of("from_customer_id", other.customerId()))
                    .post(ADMIN + "/customers/" + me.customerId() + "/merge").then());
            notFound(me.admin().post(otherCustomer + "/erase").then());
            notFound(me.admin().get(ADMIN + "/program/versions/3").then());
            String otherPromo = ADMIN + "/promo-codes/" + other.promoId();
            notFound(me.admin().get(otherPromo).then());
            notFound(me.admin().body(Map.of("code", PROMO, "kind", "fixed", "amount_minor", 1)).put(otherPromo).then());
            notFound(me.admin().delete(otherPromo).then());
            // the other chain's till, terminal, promo code and customer are as they were
            PosApi.lookup(other.till, phone);
            other.admin().get(ADMIN + "/promo-codes/" + other.promoId()).then().statusCode(200)
                    .body("active", equalTo(true)).body("amount_minor", equalTo(500));
            other.admin().get(ADMIN + "/customers/" + other.customerId() + "/ledger").then().statusCode(200)
                    .body("reason", not(org.hamcrest.Matchers.hasItem("theft")));
            other.admin().get(ADMIN + "/customers/" + other.customerId()).then().statusCode(200)
                    .body("name", not(equalTo("Intruder"))).body("erased_at", org.hamcrest.Matchers.nullValue())
                    .body("merged_into", org.hamcrest.Matchers.nullValue());
        }
    }

    @Test
    void campaignsOfTheOtherChainAreNotFoundAndTheAudienceIsTheChainsOwn() {
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            // one customer with consent in each chain, with the same phone: the audience is one, not two
            me.admin().post(ADMIN + "/campaigns/" + me.campaignId() + "/preview").then().statusCode(200)
                    .body("audience", equalTo(1));
            String theirs = ADMIN + "/campaigns/" + other.campaignId();
            notFound(me.admin().get(theirs).then());
            notFound(me.admin().post(theirs + "/preview").then());
            notFound(me.admin().body("{\"name\": \"Hijack\", \"templates\": {\"ru\": \"x\"}}").put(theirs).then());
            notFound(me.admin().post(theirs + "/launch").then());
            notFound(me.admin().post(theirs + "/cancel").then());
            notFound(me.admin().get(theirs + "/stats").then());
            notFound(me.admin().get(theirs + "/messages").then());
            other.admin().get(theirs).then().statusCode(200).body("status", equalTo("draft"));
        }
    }

    @Test
    void campaignSettingsAndTheWhatIfSimulationAreTheChainsOwn() {
        for (Tenant t : List.of(north, south)) {
            Map<String, Object> settings = new java.util.LinkedHashMap<>(t.admin().get(ADMIN + "/campaigns/settings").then()
                    .statusCode(200).extract().jsonPath().getMap("$"));
            settings.put("weekly_cap", t == north ? 3 : 5);
            t.admin().body(json(settings)).put(ADMIN + "/campaigns/settings").then().statusCode(200);
        }
        north.admin().get(ADMIN + "/campaigns/settings").then().statusCode(200).body("weekly_cap", equalTo(3));
        south.admin().get(ADMIN + "/campaigns/settings").then().statusCode(200).body("weekly_cap", equalTo(5));

        String today = LocalDate.now(ZoneId.of("Europe/Moscow")).toString();
        for (Tenant me : List.of(north, south)) {
            String programme = PROGRAMME.formatted(6, 0);
            JsonPath whatIf = me.admin().body("{\"programme\": " + programme + ", \"from\": \"" + today + "\", \"to\": \"" + today + "\"}")
                    .post(ADMIN + "/program/simulate").then().statusCode(200).extract().jsonPath();
            assertEquals(List.of(STORE_CODE), whatIf.getList("by_store.key"));
            long earned = whatIf.getLong("total.actual_points_earned");
            assertTrue(earned > 0);
            assertTrue(earned <= fixtures.queryLong("SELECT sum(points_earned) FROM receipts WHERE chain_id = ?", me.id()),
                    "the what-if of " + me.name() + " replays its own receipts only");
        }
    }

    @Test
    void everyReportAndExportShowsOnlyTheChainsOwnStoreAndFigures() {
        String from = LocalDate.now(ZoneId.of("Europe/Moscow")).minusDays(7).toString();
        String to = LocalDate.now(ZoneId.of("Europe/Moscow")).toString();
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            JsonPath sales = me.admin().queryParam("from", from).queryParam("to", to).get(REPORTS + "sales").then()
                    .statusCode(200).extract().jsonPath();
            assertEquals(List.of(me.storeId()), sales.getList("rows.store_id", Long.class).stream().distinct().toList());
            assertEquals(1, sales.getLong("totals.new_members"));
            // the one receipt returned whole: its amount less the promo code's 500, in this chain's figures only
            assertEquals(me.sales() - 500, sales.getLong("totals.returns"));
            for (String report : List.of("sales", "liability", "retention", "segments", "economics", "settlement")) {
                for (String path : List.of(report, report + ".csv", report + ".xlsx")) {
                    Response mine = me.admin().queryParam("from", from).queryParam("to", to).accept("*/*").get(REPORTS + path);
                    assertEquals(200, mine.statusCode(), path + " of " + me.name() + ": " + mine.asString());
                    if (!path.endsWith(".xlsx")) {
                        String body = mine.asString();
                        assertTrue(!path.startsWith("sales") || body.contains(me.name().replace("Retail", "Store")), path);
                        assertFalse(body.contains(other.name().replace("Retail", "Store")), path + " names the other chain's store");
                        assertFalse(body.contains(other.franchiseeName()), path + " names the other chain's franchisee");
                    }
                    me.admin().queryParam("from", from).queryParam("to", to).queryParam("store_id", other.storeId())
                            .accept("*/*").get(REPORTS + path).then().statusCode(404);
                }
            }
            // the franchisee of the chain sees its store, not the other chain's
            given().auth().preemptive().basic(me.franchiseeEmail(), me.password()).queryParam("from", from)
                    .queryParam("to", to).queryParam("store_id", other.storeId()).get(REPORTS + "sales").then().statusCode(404);
            given().auth().preemptive().basic(me.franchiseeEmail(), me.password()).queryParam("from", from)
                    .queryParam("to", to).queryParam("store_id", me.storeId()).get(REPORTS + "sales").then().statusCode(200)
                    .body("rows.store_id.unique()", equalTo(List.of((int) me.storeId())));
        }
    }

    @Test
    void theConsoleShowsEachAdminItsOwnChain() {
        List<String> pages = List.of("", "/trends", "/retention", "/segments", "/settlement", "/exports", "/programme",
                "/stores", "/promo-codes", "/campaigns", "/customers");
        for (Tenant[] pair : bothWays()) {
            Tenant me = pair[0];
            Tenant other = pair[1];
            Response login = given().redirects().follow(false).formParam("email", me.email()).formParam("password", me.password())
                    .formParam("next", "/console").post("/console/login");
            assertEquals(303, login.statusCode());
            String cookie = login.getCookie(StaffSessions.COOKIE);
            for (String page : pages) {
                given().cookie(StaffSessions.COOKIE, cookie).get("/console" + page).then().statusCode(200)
                        .body(containsString(me.name())).body(not(containsString(other.name())));
            }
            // the pages' own calls (session cookie) reach the chain's rows only
            given().cookie(StaffSessions.COOKIE, cookie).accept(ContentType.JSON).get(ADMIN + "/stores").then().statusCode(200)
                    .body("id", equalTo(List.of((int) me.storeId())));
            notFound(given().cookie(StaffSessions.COOKIE, cookie).accept(ContentType.JSON)
                    .get(ADMIN + "/customers/" + other.customerId()).then());

            Response franchisee = given().redirects().follow(false).formParam("email", me.franchiseeEmail())
                    .formParam("password", me.password()).formParam("next", "/console").post("/console/login");
            assertEquals(303, franchisee.statusCode());
            given().cookie(StaffSessions.COOKIE, franchisee.getCookie(StaffSessions.COOKIE)).get("/console").then()
                    .statusCode(200).body(containsString(me.name())).body(containsString(me.franchiseeName()))
                    .body(not(containsString(other.name())));
        }
    }
}
