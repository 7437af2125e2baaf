package io.kopilka.campaigns.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ThroughputPacerTest {

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Test
    void eachMessageWaitsForThePartsBookedBeforeIt() {
        ThroughputPacer pacer = new ThroughputPacer(10);
        assertEquals(0, ms(pacer.book(3)), "the first goes at once");
        // 3 parts at 10 per second hold the line for 300 ms; the next single part then holds it 100 ms more
        assertEquals(300, ms(pacer.book(1)), 20);
        assertEquals(400, ms(pacer.book(1)), 20);
    }

    @Test
    void sendingStaysAtTheRateCountedInParts() {
        ThroughputPacer pacer = new ThroughputPacer(100);
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            pacer.await(3);
        }
        long elapsed = ms(System.nanoTime() - t0);
        // 30 parts at 100 per second: the last message may start after 270 ms
        assertTrue(elapsed >= 265 && elapsed < 1000, elapsed + " ms");
    }

    @Test
    void aRateOfZeroIsAConfigurationMistake() {
        assertThrows(IllegalArgumentException.class, () -> new ThroughputPacer(0));
    }
}
