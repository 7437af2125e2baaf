package io.kopilka.ledger;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Many registers spending one customer's points at once: never overspent, never below zero, never twice. */
@QuarkusTest
class ConcurrencyTest {

    private static final int THREADS = 16;
    private static final int RECEIPTS_PER_THREAD = 8;
    private static final long GRANT = 1000;
    private static final long REDEEM = 10;

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    Fixtures.Till till;
    String phone;
    long customerId;

    @BeforeEach
    void setUp() {
        till = fixtures.till(fixtures.chain().id());
        phone = newPhone();
        customerId = enrol(till, phone);
        PosApi.grant(fixtures, till.chainId(), customerId, GRANT);
    }

    @Test
    void concurrentRedemptionsNeverOverspend() throws Exception {
        // Two more stores of the chain, so the registers are really different.
        Fixtures.Till[] tills = {till, fixtures.till(till.chainId()), fixtures.till(till.chainId())};
        AtomicInteger confirmed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Map<String, Integer> unexpected = new ConcurrentHashMap<>();
        AtomicLong minAvailable = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            Future<?> sampler = pool.submit(() -> {
                while (running.get()) {
                    minAvailable.accumulateAndGet(fixtures.queryLong("""
                            SELECT coalesce(min(points_remaining), 0) FROM point_lots WHERE chain_id = ? AND customer_id = ?""",
                            till.chainId(), customerId), Math::min);
                    minAvailable.accumulateAndGet(balance(till, phone)[0], Math::min);
                }
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Fixtures.Till register = tills[t % tills.length];
                boolean viaHold = t % 4 == 3;
                workers.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < RECEIPTS_PER_THREAD; i++) {
                        String body = receipt(newReceiptNo(), phone, REDEEM, 10000);
                        if (viaHold) {
                            body = body.replaceFirst("\\{", "{\"hold\": true, ");
                        }
                        Response r = as(register).body(body).post(PosApi.RECEIPTS);
                        if (r.statusCode() == 201 && viaHold) {
                            long id = r.jsonPath().getLong("receipt_id");
                            r = as(register).post(PosApi.RECEIPTS + "/" + id + "/confirm");
                            if (r.statusCode() != 200) {
                                unexpected.merge("confirm " + r.statusCode() + " " + r.asString(), 1, Integer::sum);
                                continue;
                            }
                        }
                        if (r.statusCode() == 201 || r.statusCode() == 200) {
                            confirmed.incrementAndGet();
                        } else if (r.statusCode() == 409
                                && "https://kopilka.io/problems/insufficient-points".equals(r.jsonPath().getString("type"))) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.merge(r.statusCode() + " " + r.asString(), 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : workers) {
                w.get(5, TimeUnit.MINUTES);
            }
            running.set(false);
            sampler.get(1, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Map.of(), unexpected, "every answer is a success or insufficient-points");
        assertEquals(THREADS * RECEIPTS_PER_THREAD, confirmed.get() + refused.get());
        // 128 requests of 10 points against 1000: exactly 100 can be paid, the rest are refused
        assertEquals(GRANT / REDEEM, confirmed.get());
        long redeemed = -ledger.sum(till.chainId(), customerId, "redeem");
        assertEquals(confirmed.get() * REDEEM, redeemed);
        assertTrue(redeemed <= GRANT);
        assertEquals(GRANT - redeemed, balance(till, phone)[0]);
        assertEquals(0, balance(till, phone)[2], "no hold is left");
        assertTrue(minAvailable.get() >= 0, "balance went below zero: " + minAvailable.get());
        assertEquals(confirmed.get(), fixtures.queryLong(
                "SELECT count(*) FROM receipts WHERE chain_id = ? AND status = 'confirmed' AND points_redeemed > 0", till.chainId()));
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void concurrentReplaysOfOneReceiptRedeemOnce() throws Exception {
        String body = receipt(newReceiptNo(), phone, 50, 100000);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return as(till).body(body).post(PosApi.RECEIPTS);
                }));
            }
            start.countDown();
            int created = 0;
            Long id = null;
            for (Future<Response> f : answers) {
                Response r = f.get(2, TimeUnit.MINUTES);
                assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.statusCode() + " " + r.asString());
                if (r.statusCode() == 201) {
                    created++;
                } else {
                    assertEquals("true", r.header("Idempotent-Replayed"));
                }
                assertEquals(50, r.jsonPath().getLong("points_redeemed"));
                long rid = r.jsonPath().getLong("receipt_id");
                assertTrue(id == null || id == rid, "one receipt id for all replays");
                id = rid;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, ledger.entries(till.chainId(), customerId, "redeem").size());
        assertEquals(1, ledger.entries(till.chainId(), customerId, "earn").size());
        assertEquals(GRANT - 50, balance(till, phone)[0]);
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void concurrentReplaysOfOneReturnReverseOnce() throws Exception {
        long id = as(till).body(receipt(newReceiptNo(), phone, 100, 100000, 100000)).post(PosApi.RECEIPTS).then()
                .statusCode(201).extract().jsonPath().getLong("receipt_id");
        String body = "{\"return_no\": \"R-1\", \"lines\": [{\"line_index\": 0, \"qty\": \"1\"}]}";
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return as(till).body(body).post(PosApi.RECEIPTS + "/" + id + "/returns").statusCode();
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Integer> f : answers) {
                int status = f.get(2, TimeUnit.MINUTES);
                assertTrue(status == 201 || status == 200, "status " + status);
                created += status == 201 ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, ledger.entries(till.chainId(), customerId, "earn_reversal").size());
        assertEquals(1, ledger.entries(till.chainId(), customerId, "redeem_refund").size());
        ledger.assertConsistent(till.chainId());
    }
}
