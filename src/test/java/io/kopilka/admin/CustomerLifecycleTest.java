package io.kopilka.admin;

import static io.kopilka.admin.AdminApi.BASE;
import static io.kopilka.admin.AdminApi.as;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.ledger.LedgerChecks;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Head office edits, merges and erases customers (docs/customers.md). */
@QuarkusTest
class CustomerLifecycleTest {

    private static final String PROBLEMS = "https://kopilka.io/problems/";

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    @Inject
    DataSource dataSource;

    private long enrolWith(Fixtures.Till till, String phone, String card, String name) {
        return PosApi.as(till).body("{\"phone\": \"" + phone + "\", \"card\": \"" + card + "\", \"name\": \"" + name
                + "\", \"birth_date\": \"1990-05-17\", \"sms_consent\": true}")
                .post(PosApi.CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    private String customerRow(long chainId, long id) {
        return fixtures.queryString("SELECT concat_ws('|', phone, card, name, birth_date, language, home_store_id) "
                + "FROM customers WHERE chain_id = ? AND id = ?", chainId, id);
    }

    private long count(String sql, Object... args) {
        return fixtures.queryLong(sql, args);
    }

    private static String local(String e164) {
        return "8 " + e164.substring(2, 5) + " " + e164.substring(5, 8) + "-" + e164.substring(8, 10) + "-" + e164.substring(10);
    }

    @Test
    void headOfficeEditsFactsAsAMergePatchWithAudit() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String phone = newPhone();
        long id = enrolWith(till, phone, "CARD-" + phone, "Anna");
        String newPhone = newPhone();

        as(chain).body("{\"name\": \"Anna Petrova\", \"birth_date\": \"1991-02-03\", \"language\": \"en\", \"home_store\": \""
                + till.storeCode() + "\", \"card\": \"NEW-" + phone + "\", \"phone\": \"" + local(newPhone) + "\"}")
                .patch(BASE + "/customers/" + id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("name", equalTo("Anna Petrova"))
                .body("birth_date", equalTo("1991-02-03"))
                .body("language", equalTo("en"))
                .body("home_store", equalTo(till.storeCode()))
                .body("card", equalTo("NEW-" + phone))
                .body("phone", equalTo(newPhone));
        // absent fields stay, null clears
        as(chain).body("{\"card\": null, \"name\": null}").patch(BASE + "/customers/" + id).then().statusCode(200)
                .body("card", nullValue()).body("name", nullValue())
                .body("phone", equalTo(newPhone)).body("birth_date", equalTo("1991-02-03")).body("language", equalTo("en"));

        PosApi.as(till).queryParam("phone", newPhone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(200)
                .body("customer_id", equalTo((int) id));
        PosApi.as(till).queryParam("phone", phone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404);
        assertEquals(2, count("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'update' AND entity = 'customer' "
                + "AND entity_id = ?", chain.id(), Long.toString(id)));
        assertEquals("Anna", fixtures.queryString("SELECT before->>'name' FROM audit_log WHERE chain_id = ? AND action = 'update' "
                + "ORDER BY id LIMIT 1", chain.id()));
        assertEquals(newPhone, fixtures.queryString("SELECT after->>'phone' FROM audit_log WHERE chain_id = ? AND action = 'update' "
                + "ORDER BY id LIMIT 1", chain.id()));
    }

    @Test
    void badEditsChangeNothing() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String phone = newPhone();
        String otherPhone = newPhone();
        long id = enrolWith(till, phone, "C-" + phone, "Anna");
        enrolWith(till, otherPhone, "C-" + otherPhone, "Boris");
        String before = customerRow(chain.id(), id);
        String path = BASE + "/customers/" + id;

        as(chain).body("{\"nickname\": \"Ann\"}").patch(path).then().statusCode(400).body("errors.field", contains("nickname"));
        as(chain).body("{\"name\": 5}").patch(path).then().statusCode(400).body("errors.field", contains("name"));
        as(chain).body("{\"card\": \"  \"}").patch(path).then().statusCode(400).body("errors.field", contains("card"));
        as(chain).body("{\"name\": \"A\\u0000\"}").patch(path).then().statusCode(400).body("errors.field", contains("name"));
        as(chain).body("{\"name\": \"A\", \"name\": \"B\"}").patch(path).then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "malformed-json"));
        as(chain).body("{\"phone\": null}").patch(path).then().statusCode(400).body("errors.field", contains("phone"));
        as(chain).body("{\"phone\": \"12\"}").patch(path).then().statusCode(400).body("errors.field", contains("phone"));
        as(chain).body("{\"language\": \"de\"}").patch(path).then().statusCode(400).body("errors.field", contains("language"));
        as(chain).body("{\"birth_date\": \"2999-01-01\"}").patch(path).then().statusCode(400).body("errors.field", contains("birth_date"));
        as(chain).body("{\"birth_date\": \"17.05.1990\"}").patch(path).then().statusCode(400).body("errors.field", contains("birth_date"));
        as(chain).body("{\"home_store\": \"NO-SUCH\"}").patch(path).then().statusCode(400).body("errors.field", contains("home_store"));
        as(chain).body("[]").patch(path).then().statusCode(400).body("type", equalTo(PROBLEMS + "malformed-json"));
        as(chain).body("{\"phone\": \"" + local(otherPhone) + "\", \"name\": \"X\"}").patch(path).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "phone-taken")).body("errors.field", contains("phone"));
        as(chain).body("{\"card\": \"C-" + otherPhone + "\"}").patch(path).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "card-taken")).body("errors.field", contains("card"));

        Fixtures.Chain other = fixtures.chain();
        as(other).body("{\"name\": \"Mallory\"}").patch(path).then().statusCode(404);
        long franchisee = fixtures.franchisee(chain.id(), "North");
        String user = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-pass");
        as(user, "franchisee-pass").body("{\"name\": \"Mallory\"}").patch(path).then().statusCode(403);

        assertEquals(before, customerRow(chain.id(), id));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'update'", chain.id()));
    }

    @Test
    void mergeMovesPointsReceiptsAndReferralsAndTheDuplicateLeadsToTheSurvivor() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String keptPhone = newPhone();
        String dupPhone = newPhone();
        long kept = enrolWith(till, keptPhone, "K-" + keptPhone, "Anna");
        long dup = enrolWith(till, dupPhone, "D-" + dupPhone, "Anya");
        PosApi.grant(fixtures, chain.id(), kept, 100);
        long lot = PosApi.grant(fixtures, chain.id(), dup, 300, "30 days");
        record(till, receipt(newReceiptNo(), dupPhone, null, 50000)).statusCode(201);
        long friend = enrol(till, newPhone());
        fixtures.execute("UPDATE customers SET referred_by = ? WHERE chain_id = ? AND id = ?", dup, chain.id(), friend);
        long dupPending = PosApi.lookup(till, dupPhone).getLong("balance.pending");
        long keptPending = PosApi.lookup(till, keptPhone).getLong("balance.pending");

        as(chain).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + kept + "/merge").then()
                .statusCode(200)
                .body("id", equalTo((int) kept))
                .body("balance.available", equalTo(400))
                .body("balance.pending", equalTo((int) (keptPending + dupPending)));

        // the duplicate's phone and card find the survivor: at the till, in head office, on a receipt
        PosApi.as(till).queryParam("phone", dupPhone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(200)
                .body("customer_id", equalTo((int) kept));
        as(chain).queryParam("card", "D-" + dupPhone).get(BASE + "/customers").then().statusCode(200).body("id", equalTo((int) kept));
        as(chain).get(BASE + "/customers/" + dup).then().statusCode(200).body("merged_into", equalTo((int) kept))
                .body("balance.available", equalTo(0)).body("balance.pending", equalTo(0));
        record(till, receipt(newReceiptNo(), dupPhone, 20, 10000)).statusCode(201).body("customer_id", equalTo((int) kept));

        assertEquals(0, count("SELECT count(*) FROM receipts WHERE chain_id = ? AND customer_id = ?", chain.id(), dup));
        assertEquals(2, count("SELECT count(*) FROM receipts WHERE chain_id = ? AND customer_id = ?", chain.id(), kept));
        assertEquals(kept, count("SELECT referred_by FROM customers WHERE chain_id = ? AND id = ?", chain.id(), friend));
        // points moved by entries that keep the lot's expiry; nothing of the old entries changed
        assertEquals(fixtures.queryInstant("SELECT expires_at FROM point_lots WHERE chain_id = ? AND id = ?", chain.id(), lot),
                fixtures.queryInstant("SELECT l.expires_at FROM ledger_entries e JOIN point_lots l ON l.chain_id = e.chain_id "
                        + "AND l.id = e.id WHERE e.chain_id = ? AND e.customer_id = ? AND e.kind = 'transfer_in' AND e.points = 300",
                        chain.id(), kept));
        assertEquals(-300, count("SELECT sum(points) FROM ledger_entries WHERE chain_id = ? AND customer_id = ? AND kind = 'transfer_out' "
                + "AND points = -300", chain.id(), dup));
        assertEquals(1, count("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'merge' AND entity_id = ?",
                chain.id(), Long.toString(kept)));
        ledger.assertConsistent(chain.id());
    }

    @Test
    void mergeRefusals() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String dupPhone = newPhone();
        long kept = enrol(till, newPhone());
        long dup = enrol(till, dupPhone);
        PosApi.grant(fixtures, chain.id(), dup, 200);
        String path = BASE + "/customers/" + kept + "/merge";

        as(chain).body("{}").post(path).then().statusCode(400).body("errors.field", contains("from_customer_id"));
        as(chain).body("{\"from_customer_id\": \"" + dup + "\"}").post(path).then().statusCode(400);
        as(chain).body("{\"from_customer_id\": " + kept + "}").post(path).then().statusCode(400)
                .body("errors.field", contains("from_customer_id"));
        Fixtures.Chain other = fixtures.chain();
        long stranger = enrol(fixtures.till(other.id()), newPhone());
        as(chain).body("{\"from_customer_id\": " + stranger + "}").post(path).then().statusCode(404);
        as(other).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + stranger + "/merge").then().statusCode(404);
        long franchisee = fixtures.franchisee(chain.id(), "North");
        String user = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-pass");
        as(user, "franchisee-pass").body("{\"from_customer_id\": " + dup + "}").post(path).then().statusCode(403);

        // a held receipt of the duplicate: refused until the till confirms or cancels it
        long receipt = record(till, receipt(newReceiptNo(), dupPhone, 20, 10000).replaceFirst("\\{", "{\"hold\": true, "))
                .statusCode(201).extract().jsonPath().getLong("receipt_id");
        as(chain).body("{\"from_customer_id\": " + dup + "}").post(path).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "customer-has-holds"));
        assertEquals(0, count("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND kind LIKE 'transfer%'", chain.id()));
        PosApi.post(till, "/" + receipt + "/cancel").statusCode(200);

        as(chain).body("{\"from_customer_id\": " + dup + "}").post(path).then().statusCode(200).body("balance.available", equalTo(200));
        // the same merge again changes nothing; merging the duplicate into a third customer is refused
        long audits = count("SELECT count(*) FROM audit_log WHERE chain_id = ?", chain.id());
        as(chain).body("{\"from_customer_id\": " + dup + "}").post(path).then().statusCode(200).body("balance.available", equalTo(200));
        assertEquals(audits, count("SELECT count(*) FROM audit_log WHERE chain_id = ?", chain.id()));
        long third = enrol(till, newPhone());
        as(chain).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + third + "/merge").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "customer-merged"));
        as(chain).body("{\"from_customer_id\": " + kept + "}").post(BASE + "/customers/" + dup + "/merge").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "customer-merged"));
        as(chain).body("{\"name\": \"X\"}").patch(BASE + "/customers/" + dup).then().statusCode(409);
        ledger.assertConsistent(chain.id());
    }

    @Test
    void erasureRemovesPersonalDataKeepsAccountingAndCancelsTheBalance() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String phone = newPhone();
        String card = "E-" + phone;
        long id = enrolWith(till, phone, card, "Anna");
        PosApi.grant(fixtures, chain.id(), id, 200);
        record(till, receipt(newReceiptNo(), phone, null, 50000)).statusCode(201);
        as(chain).body("{\"name\": \"Anna Petrova\"}").patch(BASE + "/customers/" + id).then().statusCode(200);
        long campaign = fixtures.queryLong("""
                INSERT INTO campaigns (chain_id, kind, name, status, audience, templates)
                VALUES (?, 'promo', 'Spring', 'sending', '{}', '{}') RETURNING id""", chain.id());
        fixtures.execute("""
                INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, not_before)
                VALUES (?, ?, ?, ?, 'ru', 'Anna Petrova, spring sale!', 1, 'queued', now() + interval '1 day')""",
                chain.id(), campaign, id, phone);

        as(chain).post(BASE + "/customers/" + id + "/erase").then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("name", equalTo("erased-" + id))
                .body("phone", nullValue()).body("card", nullValue()).body("birth_date", nullValue())
                .body("sms_consent", equalTo(false))
                .body("balance.available", equalTo(0)).body("balance.pending", equalTo(0));

        PosApi.as(till).queryParam("phone", phone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404);
        PosApi.as(till).queryParam("card", card).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404);
        as(chain).queryParam("phone", phone).get(BASE + "/customers").then().statusCode(404);
        as(chain).queryParam("card", card).get(BASE + "/customers").then().statusCode(404);
        // accounting stays: the receipt, the ledger and an entry cancelling what was left
        assertEquals(1, count("SELECT count(*) FROM receipts WHERE chain_id = ? AND customer_id = ?", chain.id(), id));
        assertTrue(count("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND customer_id = ? AND kind = 'erasure'",
                chain.id(), id) >= 2);
        assertEquals(0, count("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE chain_id = ? AND customer_id = ?",
                chain.id(), id));
        // the queued message is withdrawn and keeps neither phone nor text; the audit trail keeps no personal value
        assertEquals("skipped|erased||", fixtures.queryString(
                "SELECT concat_ws('|', status, skip_reason, phone, text) FROM sms_outbox WHERE chain_id = ? AND customer_id = ?",
                chain.id(), id));
        String trail = fixtures.queryString("SELECT string_agg(concat(before::text, after::text), ' ') FROM audit_log "
                + "WHERE chain_id = ? AND entity = 'customer' AND entity_id = ?", chain.id(), Long.toString(id));
        assertFalse(trail.contains("Anna") || trail.contains(phone.substring(2)) || trail.contains(card), trail);
        assertTrue(trail.contains("\"points_cancelled\""), trail);

        // erasing again changes nothing; an erased customer is not edited or merged; the phone is free again
        long entries = count("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND customer_id = ?", chain.id(), id);
        as(chain).post(BASE + "/customers/" + id + "/erase").then().statusCode(200).body("name", equalTo("erased-" + id));
        assertEquals(entries, count("SELECT count(*) FROM ledger_entries WHERE chain_id = ? AND customer_id = ?", chain.id(), id));
        as(chain).body("{\"name\": \"Anna\"}").patch(BASE + "/customers/" + id).then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "customer-erased"));
        long fresh = enrol(till, phone);
        as(chain).body("{\"from_customer_id\": " + id + "}").post(BASE + "/customers/" + fresh + "/merge").then().statusCode(409)
                .body("type", equalTo(PROBLEMS + "customer-erased"));
        as(fixtures.chain()).post(BASE + "/customers/" + fresh + "/erase").then().statusCode(404);
        ledger.assertConsistent(chain.id());
    }

    @Test
    void erasingASurvivorErasesTheDuplicatesMergedIntoIt() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String dupPhone = newPhone();
        long kept = enrol(till, newPhone());
        long dup = enrolWith(till, dupPhone, "D-" + dupPhone, "Anya");
        as(chain).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + kept + "/merge").then().statusCode(200);
        as(chain).post(BASE + "/customers/" + dup + "/erase").then().statusCode(409).body("type", equalTo(PROBLEMS + "customer-merged"));

        as(chain).post(BASE + "/customers/" + kept + "/erase").then().statusCode(200);
        PosApi.as(till).queryParam("phone", dupPhone).get(PosApi.CUSTOMERS + "/lookup").then().statusCode(404);
        as(chain).get(BASE + "/customers/" + dup).then().statusCode(200).body("phone", nullValue()).body("card", nullValue())
                .body("name", equalTo("erased-" + dup));
    }

    /** A debt as a return of spent points leaves it (Ledger.openDebt): a flagged entry, a negative lot, a debt row. */
    private void owe(long chainId, long customerId, long points) {
        long entry = fixtures.queryLong("""
                INSERT INTO ledger_entries (chain_id, customer_id, kind, points, reason, available_at, flagged)
                VALUES (?, ?, 'earn_reversal', ?, 'test debt', now(), true) RETURNING id""", chainId, customerId, -points);
        fixtures.execute("""
                INSERT INTO point_lots (chain_id, id, customer_id, points_initial, points_remaining, available_at)
                VALUES (?, ?, ?, ?, ?, now())""", chainId, entry, customerId, -points, -points);
        fixtures.execute("INSERT INTO ledger_debts (chain_id, entry_id, customer_id, points) VALUES (?, ?, ?, ?)",
                chainId, entry, customerId, points);
    }

    @Test
    void aDuplicatesDebtIsTakenOverByTheSurvivorAndAnErasedDebtIsWrittenOff() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        long kept = enrol(till, newPhone());
        long dup = enrol(till, newPhone());
        PosApi.grant(fixtures, chain.id(), kept, 100);
        PosApi.grant(fixtures, chain.id(), dup, 300);
        owe(chain.id(), dup, 50);

        as(chain).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + kept + "/merge").then().statusCode(200)
                .body("balance.available", equalTo(350));
        as(chain).get(BASE + "/customers/" + dup).then().body("balance.available", equalTo(0));
        ledger.assertConsistent(chain.id());

        long owing = enrol(till, newPhone());
        PosApi.grant(fixtures, chain.id(), owing, 20, "1 day");
        owe(chain.id(), owing, 70);
        as(chain).post(BASE + "/customers/" + owing + "/erase").then().statusCode(200)
                .body("balance.available", equalTo(0)).body("balance.pending", equalTo(0));
        assertEquals(0, count("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE chain_id = ? AND customer_id = ?",
                chain.id(), owing));
        assertEquals(50, count("SELECT sum(points) FROM ledger_entries WHERE chain_id = ? AND customer_id = ? AND kind = 'erasure'",
                chain.id(), owing), "20 points cancelled, 70 owed written off");
        ledger.assertConsistent(chain.id());
    }

    @Test
    void aReceiptThatWaitedForTheDuplicatesLockDuringAMergeGoesToTheSurvivor() throws Exception {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        String dupPhone = newPhone();
        long kept = enrol(till, newPhone());
        long dup = enrol(till, dupPhone);
        PosApi.grant(fixtures, chain.id(), kept, 100);
        PosApi.grant(fixtures, chain.id(), dup, 100);
        CompletableFuture<Long> receipt;
        // a merge in flight: it holds the duplicate's row lock until it commits
        try (Connection merge = dataSource.getConnection()) {
            merge.setAutoCommit(false);
            try (var ps = merge.prepareStatement("UPDATE customers SET merged_into = ? WHERE chain_id = ? AND id = ?")) {
                ps.setLong(1, kept);
                ps.setLong(2, chain.id());
                ps.setLong(3, dup);
                ps.executeUpdate();
            }
            // a receipt that spends points takes the customer's lock
            receipt = CompletableFuture.supplyAsync(() -> record(till, receipt(newReceiptNo(), dupPhone, 10, 10000))
                    .statusCode(201).extract().jsonPath().getLong("customer_id"));
            Thread.sleep(300);
            assertFalse(receipt.isDone(), "the receipt waits for the customer's lock");
            merge.commit();
        }
        assertEquals(kept, receipt.get(10, TimeUnit.SECONDS));
        assertEquals(0, count("SELECT count(*) FROM receipts WHERE chain_id = ? AND customer_id = ?", chain.id(), dup));
    }

    @Test
    void mergingAgainSweepsUpWhatAnEarningReceiptLeftOnTheDuplicate() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        long kept = enrol(till, newPhone());
        long dup = enrol(till, newPhone());
        as(chain).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + kept + "/merge").then().statusCode(200);
        // as if an earning receipt (no customer lock) had been recorded for the duplicate while the merge ran
        PosApi.grant(fixtures, chain.id(), dup, 40);

        as(chain).body("{\"from_customer_id\": " + dup + "}").post(BASE + "/customers/" + kept + "/merge").then().statusCode(200)
                .body("balance.available", equalTo(40));
        as(chain).get(BASE + "/customers/" + dup).then().body("balance.available", equalTo(0));
        assertEquals(2, count("SELECT count(*) FROM audit_log WHERE chain_id = ? AND action = 'merge'", chain.id()));
        ledger.assertConsistent(chain.id());
    }
}
