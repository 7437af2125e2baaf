package io.kopilka.campaigns.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.platform.Transactions;
import io.quarkus.test.junit.QuarkusTest;

/** Two processes sending through one operator account share its rate through the database instead of doubling it. */
@QuarkusTest
class SharedRateTest {

    private static final int RATE = 100;
    private static final int PARTS_EACH = 60;

    @Inject
    Transactions tx;

    @Test
    void twoWorkersTogetherStayAtTheAccountsRateEvenlySpaced() throws Exception {
        String account = "test-account-" + System.nanoTime();
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        // each worker has a pacer of its own, as two processes would; only the database row is common
        Callable<Void> worker = () -> {
            ThroughputPacer pacer = new ThroughputPacer(RATE, new SharedRate(tx, account), RATE / 5);
            for (int i = 0; i < PARTS_EACH; i++) {
                pacer.await(1);
                sentAt.add(System.nanoTime());
            }
            return null;
        };
        ExecutorService two = Executors.newFixedThreadPool(2);
        long t0 = System.nanoTime();
        List<Future<Void>> runs = two.invokeAll(List.of(worker, worker));
        two.shutdown();
        for (Future<Void> r : runs) {
            r.get();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // 120 parts at 100 a second: the last may go after 1.19 s; each alone at the rate would be done in 0.6 s
        assertTrue(ms >= 1150, "two workers sent 120 parts in " + ms + " ms: more than the account's rate");
        assertTrue(ms < 3000, "the shared rate was kept, but far below it: " + ms + " ms");

        List<Long> times = new ArrayList<>(sentAt);
        Collections.sort(times);
        for (int i = 0; i + 25 < times.size(); i++) {
            // 200 ms of the rate hold 20 parts: 26 parts within 200 ms would be a burst over it
            long window = times.get(i + 25) - times.get(i);
            assertTrue(window >= TimeUnit.MILLISECONDS.toNanos(200),
                    "26 parts went within " + TimeUnit.NANOSECONDS.toMillis(window) + " ms");
        }
    }
}
