package io.kopilka.faults;

import static io.kopilka.pos.PosApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.pos.PosApi;
import io.kopilka.rules.Programme;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The database stopped and started again under a till that keeps selling (docs/reliability.md#guarantees): while it is away every
 * answer is 503 unavailable with Retry-After within the till's time-out, never a 500; readiness is down; the
 * service comes back by itself; and every receipt, sent again with the same body until it got a 2xx, is
 * stored exactly once.
 */
@QuarkusTest
@TestProfile(OwnDatabase.class)
class DatabaseOutageTest {

    /** The till's time-out (kopilka.pos.answer-timeout, 2 s) and half a second for the network and the test. */
    static final long LONGEST_ANSWER_MS = 2_500;

    @Inject
    Fixtures fixtures;

    @Inject
    ProgrammeVersions programmes;

    record Answer(int status, String contentType, String type, String retryAfter, long millis) {
    }

    @Test
    void tillsGetUnavailableWithinTheirTimeOutAndEveryReceiptIsStoredOnce() throws Exception {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        String phone = newPhone();
        enrol(till, phone);
        Map<String, String> bodies = new ConcurrentHashMap<>();
        Map<String, Answer> first = new ConcurrentHashMap<>();
        AtomicBoolean selling = new AtomicBoolean(true);
        Thread steadyTill = new Thread(() -> {
            for (int i = 0; i < 400 && selling.get(); i++) {
                String no = newReceiptNo();
                String body = receipt(no, phone, null, 10_000);
                bodies.put(no, body);
                first.put(no, post(till, body));
                pause(50);
            }
        });
        steadyTill.start();
        pause(1_000);

        OwnDatabase.stopDatabase();
        List<Answer> whileAway = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String no = newReceiptNo();
            String body = receipt(no, phone, null, 5_000);
            bodies.put(no, body);
            Answer a = post(till, body);
            first.put(no, a);
            whileAway.add(a);
        }
        long start = System.nanoTime();
        Response lookup = as(till).queryParam("phone", phone).get(PosApi.CUSTOMERS + "/lookup");
        long lookupMillis = (System.nanoTime() - start) / 1_000_000;
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        pause(2_000);
        // the copy in memory is older than its second: the reload fails in the background and the copy stays
        long asked = System.nanoTime();
        Programme inForce = programmes.active(till.chainId(), Instant.now());
        assertTrue(System.nanoTime() - asked < 200_000_000L, "the receipt did not wait for the reload");
        pause(300);
        assertEquals(inForce.version(), programmes.active(till.chainId(), Instant.now()).version());

        OwnDatabase.startDatabase();
        awaitReady();
        selling.set(false);
        steadyTill.join(30_000);

        for (Answer a : whileAway) {
            assertEquals(503, a.status(), "while the database is away: " + a);
            assertEquals("https://kopilka.io/problems/unavailable", a.type());
            assertTrue(a.retryAfter() != null && Integer.parseInt(a.retryAfter()) > 0, "Retry-After: " + a);
        }
        assertEquals(503, lookup.statusCode());
        assertTrue(lookupMillis <= LONGEST_ANSWER_MS, "lookup answered in " + lookupMillis + " ms");
        for (Map.Entry<String, Answer> e : first.entrySet()) {
            Answer a = e.getValue();
            assertTrue(a.status() == 201 || a.status() == 503, "receipt " + e.getKey() + ": " + a);
            assertTrue(a.contentType().startsWith(a.status() == 201 ? "application/json" : "application/problem+json"),
                    "receipt " + e.getKey() + ": " + a);
            assertTrue(a.millis() <= LONGEST_ANSWER_MS, "receipt " + e.getKey() + " answered in " + a.millis() + " ms");
        }

        // the register sends every receipt without a 2xx again, with the same body
        Map<String, Integer> retried = new LinkedHashMap<>();
        for (Map.Entry<String, Answer> e : first.entrySet()) {
            if (e.getValue().status() != 201) {
                retried.put(e.getKey(), post(till, bodies.get(e.getKey())).status());
            }
        }
        assertTrue(retried.size() >= 5, "receipts refused while the database was away: " + retried.size());
        retried.forEach((no, status) -> assertTrue(status == 201 || status == 200, "retry of " + no + ": " + status));
        for (String no : bodies.keySet()) {
            assertEquals(1, fixtures.queryLong("SELECT count(*) FROM receipts WHERE store_id = ? AND receipt_no = ?",
                    till.storeId(), no), "receipt " + no + " stored once");
        }
    }

    @Test
    void aHungDatabaseIsAnsweredAtTheTillsTimeOutAndTheReceiptIsKeptOnce() throws Exception {
        Fixtures.Till till = fixtures.till(fixtures.chain().id());
        String phone = newPhone();
        enrol(till, phone);
        String no = newReceiptNo();
        String body = receipt(no, phone, null, 7_000);
        List<Answer> answers = new ArrayList<>();
        OwnDatabase.signalDatabase("STOP");
        try {
            for (int i = 0; i < 3; i++) {
                answers.add(post(till, body));
            }
        } finally {
            OwnDatabase.signalDatabase("CONT");
        }
        for (Answer a : answers) {
            assertEquals(503, a.status(), "a hung database: " + a);
            assertEquals("https://kopilka.io/problems/unavailable", a.type());
            assertTrue(a.millis() <= LONGEST_ANSWER_MS, "answered in " + a.millis() + " ms");
        }
        awaitReady();
        int retry = post(till, body).status();
        assertTrue(retry == 200 || retry == 201, "the same body once the database answers again: " + retry);
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM receipts WHERE store_id = ? AND receipt_no = ?",
                till.storeId(), no));
    }

    static Answer post(Fixtures.Till till, String body) {
        long start = System.nanoTime();
        Response r = as(till).body(body).post(PosApi.RECEIPTS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        String contentType = r.contentType() == null ? "" : r.contentType();
        String type = contentType.startsWith("application/problem+json") ? r.jsonPath().getString("type") : null;
        return new Answer(r.statusCode(), contentType, type, r.header("Retry-After"), millis);
    }

    /** The service finds the database again by itself: readiness up within 30 s. */
    static void awaitReady() {
        long deadline = System.currentTimeMillis() + 30_000;
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(System.currentTimeMillis() < deadline, "not ready 30 s after the database came back");
            pause(200);
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
