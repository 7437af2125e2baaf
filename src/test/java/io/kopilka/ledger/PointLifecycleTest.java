package io.kopilka.ledger;

import static io.kopilka.pos.PosApi.balance;
import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.lookup;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Points from earning to spending: pending, available, burnt oldest-expiring first, expired. */
@QuarkusTest
class PointLifecycleTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LedgerChecks ledger;

    @Inject
    Expiry expiry;

    @Inject
    DataSource dataSource;

    Fixtures.Till till;
    String phone;
    long customerId;

    @BeforeEach
    void setUp() {
        till = fixtures.till(fixtures.chain().id());
        phone = newPhone();
        customerId = enrol(till, phone);
    }

    private long remaining(long lotId) {
        return fixtures.queryLong("SELECT points_remaining FROM point_lots WHERE chain_id = ? AND id = ?", till.chainId(), lotId);
    }

    @Test
    void pendingPointsBecomeAvailableWhenTheReturnWindowPasses() {
        record(till, receipt(newReceiptNo(), phone, null, 100000)).statusCode(201).body("points_earned", equalTo(50));
        assertArrayEquals(new long[] {0, 50, 0}, balance(till, phone));
        record(till, receipt(newReceiptNo(), phone, 1, 100000)).statusCode(409)
                .body("type", equalTo("https://kopilka.io/problems/insufficient-points"));

        fixtures.execute("UPDATE point_lots SET available_at = now() - interval '1 second' WHERE chain_id = ? AND customer_id = ?",
                till.chainId(), customerId);
        assertArrayEquals(new long[] {50, 0, 0}, balance(till, phone));
        assertTrue(lookup(till, phone).getList("messages").contains("50 points available"));
        record(till, receipt(newReceiptNo(), phone, 50, 100000)).statusCode(201).body("points_redeemed", equalTo(50));
        assertEquals(0, balance(till, phone)[0]);
        ledger.assertConsistent(till.chainId());
    }

    @Test
    void expiryBurnsLotsPastTheirDateAndWritesAnExpireEntry() throws SQLException {
        long old = PosApi.grant(fixtures, till.chainId(), customerId, 70, "1 year");
        long fresh = PosApi.grant(fixtures, till.chainId(), customerId, 30, "1 year");
        record(till, receipt(newReceiptNo(), phone, 20, 100000)).statusCode(201);
        // both lots expire at the same moment; the older id goes first
        assertEquals(50, remaining(old));
        assertEquals(30, remaining(fresh));
        fixtures.execute("UPDATE point_lots SET expires_at = now() - interval '1 second' WHERE chain_id = ? AND id = ?",
                till.chainId(), old);
        // an expired lot is no longer spendable, even before the expiry job ran
        assertEquals(30, balance(till, phone)[0]);

        try (Connection c = dataSource.getConnection()) {
            Expiry.Result result;
            do {
                result = expiry.expireDue(c, Instant.now(), 1000);
            } while (result.lots() > 0);
        }
        assertEquals(0, remaining(old));
        assertEquals(30, remaining(fresh));
        List<LedgerEntryView> expired = ledger.entries(till.chainId(), customerId, "expire");
        assertEquals(1, expired.size());
        assertEquals(-50, expired.get(0).points());
        assertEquals(old, expired.get(0).refEntryId());
        assertEquals(30, balance(till, phone)[0]);
        ledger.assertConsistent(till.chainId());

        // running it again burns nothing more
        try (Connection c = dataSource.getConnection()) {
            expiry.expireDue(c, Instant.now(), 1000);
        }
        assertEquals(1, ledger.entries(till.chainId(), customerId, "expire").size());
    }

    @Test
    void redemptionBurnsTheOldestExpiringLotFirst() {
        long late = PosApi.grant(fixtures, till.chainId(), customerId, 100, "300 days");
        long soon = PosApi.grant(fixtures, till.chainId(), customerId, 100, "10 days");
        long middle = PosApi.grant(fixtures, till.chainId(), customerId, 100, "100 days");
        assertEquals(300, balance(till, phone)[0]);

        record(till, receipt(newReceiptNo(), phone, 150, 100000)).statusCode(201).body("points_redeemed", equalTo(150));
        assertEquals(0, remaining(soon));
        assertEquals(50, remaining(middle));
        assertEquals(100, remaining(late));
        long redeem = ledger.entries(till.chainId(), customerId, "redeem").get(0).id();
        assertEquals(100, fixtures.queryLong("SELECT points FROM lot_consumptions WHERE chain_id = ? AND entry_id = ? AND lot_id = ?",
                till.chainId(), redeem, soon));
        assertEquals(50, fixtures.queryLong("SELECT points FROM lot_consumptions WHERE chain_id = ? AND entry_id = ? AND lot_id = ?",
                till.chainId(), redeem, middle));
        ledger.assertConsistent(till.chainId());
    }
}
