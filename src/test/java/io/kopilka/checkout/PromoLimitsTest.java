package io.kopilka.checkout;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.json;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receiptMap;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Promo limits under many tills at once (ADR 0034): never over-used, given back on release, no shared lock. */
@QuarkusTest
class PromoLimitsTest {

    private static final int TILLS = 32;
    private static final String PROMOS = "/api/admin/v1/promo-codes";

    @Inject
    Fixtures fixtures;

    @Inject
    DataSource dataSource;

    @Inject
    ExpiredHolds expiredHolds;

    Fixtures.Chain chain;
    List<Fixtures.Till> tills;

    @BeforeEach
    void setUp() {
        chain = fixtures.chain();
        tills = new ArrayList<>();
        for (int i = 0; i < TILLS; i++) {
            tills.add(fixtures.till(chain.id()));
        }
    }

    private RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType("application/json");
    }

    private long promo(String body) {
        return admin().body(body).post(PROMOS).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Head office changes the code's total limit (the editor sends the whole code). */
    private void limit(long id, String code, int total) {
        admin().body(json(Map.of("code", code, "kind", "fixed", "amount_minor", 100, "total_limit", total)))
                .put(PROMOS + "/" + id).then().statusCode(200);
    }

    /** What head office sees as the code's uses. */
    private long listedUses(long id) {
        return admin().get(PROMOS + "/" + id).then().statusCode(200).extract().jsonPath().getLong("uses");
    }

    private long recordedUses(long id) {
        return fixtures.queryLong("SELECT count(*) FROM promo_redemptions WHERE promo_id = ? AND NOT released", id);
    }

    private Response sale(Fixtures.Till till, String phone, String code, boolean hold) {
        return sale(till, phone, List.of(code), hold);
    }

    private Response sale(Fixtures.Till till, String phone, List<String> codes, boolean hold) {
        Map<String, Object> body = receiptMap(newReceiptNo(), phone, null, 10000);
        body.put("promo_codes", codes);
        if (hold) {
            body.put("hold", true);
        }
        return as(till).body(json(body)).post(PosApi.RECEIPTS);
    }

    private static List<String> messages(Response r) {
        return r.jsonPath().getList("messages", String.class);
    }

    /** Every till sends {@code each} receipts with the code at once; the ids of the discounted ones. */
    private List<Long> rush(String code, String phone, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TILLS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        try {
            for (Fixtures.Till till : tills) {
                results.add(pool.submit((Callable<List<Long>>) () -> {
                    start.await();
                    List<Long> discounted = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        Response r = sale(till, phone, code, false);
                        assertEquals(201, r.statusCode(), r.asString());
                        if (r.jsonPath().getLong("discount_minor") > 0) {
                            discounted.add(r.jsonPath().getLong("receipt_id"));
                        }
                    }
                    return discounted;
                }));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                all.addAll(f.get(5, TimeUnit.MINUTES));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private void cancel(Fixtures.Till till, long receiptId) {
        as(till).post(PosApi.RECEIPTS + "/" + receiptId + "/cancel").then().statusCode(200);
    }

    /** Receipts are refused on any till and store; the cancel must come from the receipt's own store. */
    private Fixtures.Till tillOf(long receiptId) {
        long store = fixtures.queryLong("SELECT store_id FROM receipts WHERE id = ?", receiptId);
        return tills.stream().filter(t -> t.storeId() == store).findFirst().orElseThrow();
    }

    @Test
    void aTotalLimitUsedBy32TillsAtOnceReachesItsLimitExactlyAndFollowsHeadOfficesChanges() throws Exception {
        long id = promo("{\"code\": \"FIFTY\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 50}");
        List<Long> discounted = rush("FIFTY", null, 4);
        assertEquals(50, discounted.size(), "128 receipts, 50 uses");
        assertEquals(50, recordedUses(id));
        assertEquals(50, listedUses(id));
        assertTrue(messages(sale(tills.get(0), null, "FIFTY", false)).contains("Promo code FIFTY has been fully used"));

        // lowered below the uses made: nothing more until releases bring the uses under the new limit
        limit(id, "FIFTY", 48);
        cancel(tillOf(discounted.get(0)), discounted.get(0));
        cancel(tillOf(discounted.get(1)), discounted.get(1));
        assertEquals(48, listedUses(id));
        assertEquals(0, sale(tills.get(1), null, "FIFTY", false).jsonPath().getLong("discount_minor"));
        cancel(tillOf(discounted.get(2)), discounted.get(2));
        assertEquals(47, recordedUses(id));
        assertEquals(100, sale(tills.get(2), null, "FIFTY", false).jsonPath().getLong("discount_minor"));
        assertEquals(0, sale(tills.get(3), null, "FIFTY", false).jsonPath().getLong("discount_minor"));

        // raised: exactly the difference more, again from every till at once
        limit(id, "FIFTY", 60);
        assertEquals(12, rush("FIFTY", null, 1).size());
        assertEquals(60, recordedUses(id));
        assertEquals(60, listedUses(id));
    }

    @Test
    void aPerCustomerLimitHoldsWhenOneCustomerIsAtEveryTillAtOnce() throws Exception {
        long id = promo("{\"code\": \"TWICE\", \"kind\": \"fixed\", \"amount_minor\": 100, \"per_customer_limit\": 2}");
        String phone = newPhone();
        PosApi.enrol(tills.get(0), phone);
        String other = newPhone();
        PosApi.enrol(tills.get(0), other);
        List<Long> discounted = rush("TWICE", phone, 2);
        assertEquals(2, discounted.size(), "64 receipts of one customer, 2 uses");
        assertEquals(100, sale(tills.get(0), other, "TWICE", false).jsonPath().getLong("discount_minor"));
        assertTrue(messages(sale(tills.get(0), phone, "TWICE", false))
                .contains("Promo code TWICE was already used by this customer"));

        cancel(tillOf(discounted.get(0)), discounted.get(0));
        assertEquals(100, sale(tills.get(4), phone, "TWICE", false).jsonPath().getLong("discount_minor"));
        assertEquals(0, sale(tills.get(5), phone, "TWICE", false).jsonPath().getLong("discount_minor"));
        assertEquals(3, listedUses(id));
    }

    @Test
    void aHoldThatRunsOutOrIsCancelledGivesItsUseBack() {
        long id = promo("{\"code\": \"ONE\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 1, "
                + "\"per_customer_limit\": 1}");
        String phone = newPhone();
        PosApi.enrol(tills.get(0), phone);
        long held = sale(tills.get(0), phone, "ONE", true).then().statusCode(201).extract().jsonPath().getLong("receipt_id");
        assertEquals(0, sale(tills.get(1), phone, "ONE", false).jsonPath().getLong("discount_minor"));
        fixtures.execute("UPDATE receipts SET hold_expires_at = now() - interval '1 minute' WHERE id = ?", held);
        expiredHolds.sweepExpired(Instant.now(), 100);
        assertEquals(0, listedUses(id));

        long heldAgain = sale(tills.get(2), phone, "ONE", true).then().extract().jsonPath().getLong("receipt_id");
        assertEquals(1, listedUses(id));
        cancel(tills.get(2), heldAgain);
        cancel(tills.get(2), heldAgain);
        assertEquals(0, listedUses(id), "a second cancel gives nothing back twice");
        assertEquals(100, sale(tills.get(3), phone, "ONE", false).jsonPath().getLong("discount_minor"));
        assertEquals(1, recordedUses(id));
    }

    @Test
    void anonymousHoldsThatRunOutGiveTheirUsesBack() {
        long id = promo("{\"code\": \"ANON\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 2}");
        long a = sale(tills.get(0), null, "ANON", true).then().statusCode(201).extract().jsonPath().getLong("receipt_id");
        long b = sale(tills.get(1), null, "ANON", true).then().statusCode(201).extract().jsonPath().getLong("receipt_id");
        assertEquals(2, listedUses(id));
        fixtures.execute("UPDATE receipts SET hold_expires_at = now() - interval '1 minute' WHERE id IN (?, ?)", a, b);
        expiredHolds.sweepExpired(Instant.now(), 100);
        assertEquals(0, listedUses(id));
        assertEquals(0, recordedUses(id));
    }

    @Test
    void aReceiptHeldOpenBlocksNoOtherTillUsingTheSameCode() throws Exception {
        long unlimited = promo("{\"code\": \"EVERYONE\", \"kind\": \"fixed\", \"amount_minor\": 100}");
        long limited = promo("{\"code\": \"MANY\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 1000}");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // what a receipt that locked the code's row, or one stripe of the limited code, would hold until it commits
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM promo_codes WHERE id IN (?, ?) FOR UPDATE")) {
                ps.setLong(1, unlimited);
                ps.setLong(2, limited);
                ps.executeQuery().close();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM promo_limit_stripes WHERE promo_id = ? AND stripe = 0 FOR UPDATE")) {
                ps.setLong(1, limited);
                ps.executeQuery().close();
            }
            assertEquals(TILLS, rush("EVERYONE", null, 1).size());
            assertEquals(TILLS, rush("MANY", null, 1).size());
            c.rollback();
        }
        assertEquals(TILLS, recordedUses(unlimited));
        assertEquals(TILLS, listedUses(limited));
    }

    @Test
    void twoLimitedCodesSentInEitherOrderNeverMakeTwoTillsWaitOnEachOther() throws Exception {
        long first = promo("{\"code\": \"FIRST\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 1}");
        long second = promo("{\"code\": \"SECOND\", \"kind\": \"fixed\", \"amount_minor\": 100, \"total_limit\": 1}");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // another till's receipt that named FIRST then SECOND, and holds FIRST's counter as it reaches SECOND
            lockStripes(other, first);
            Future<Response> reversed = pool.submit(() -> sale(tills.get(0), null, List.of("SECOND", "FIRST"), false));
            awaitWaitingOnALock();
            try (PreparedStatement ps = other.prepareStatement("SET LOCAL lock_timeout = '5s'")) {
                ps.execute();
            }
            lockStripes(other, second); // a deadlock, or this till waiting, would fail here
            other.rollback();
            Response r = reversed.get(30, TimeUnit.SECONDS);
            assertEquals(201, r.statusCode(), r.asString());
            assertEquals(200, r.jsonPath().getLong("discount_minor"));
            assertEquals(List.of("Promo code SECOND applied", "Promo code FIRST applied"), messages(r),
                    "the cashier reads the codes in the order they were entered");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, listedUses(first));
        assertEquals(1, listedUses(second));
    }

    private static void lockStripes(Connection c, long promoId) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM promo_limit_stripes WHERE promo_id = ? FOR UPDATE")) {
            ps.setLong(1, promoId);
            ps.executeQuery().close();
        }
    }

    private void awaitWaitingOnALock() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (fixtures.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    + "AND query LIKE '%promo_limit_stripes%'") > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the receipt never waited for the held counter");
    }
}
