package io.kopilka.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-line allocation: the split printed on a fiscal receipt must add up to the kopeck. */
class AllocationTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, total, weights, caps, expected
                Arguments.of("exact pro rata", 300L, w(100, 200), w(100, 200), w(100, 200)),
                Arguments.of("exact thirds", 30L, w(1, 1, 1), w(100, 100, 100), w(10, 10, 10)),
                Arguments.of("largest remainder gets the odd unit", 10L, w(1, 1, 1), w(100, 100, 100), w(4, 3, 3)),
                Arguments.of("largest remainder by size", 100L, w(1, 2, 4), w(1000, 1000, 1000), w(14, 29, 57)),
                Arguments.of("remainder goes to the larger fraction", 7L, w(3, 7), w(100, 100), w(2, 5)),
                Arguments.of("zero total", 0L, w(5, 5), w(5, 5), w(0, 0)),
                Arguments.of("one line", 1234L, w(99999), w(5000), w(1234)),
                Arguments.of("one line takes its cap exactly", 5000L, w(99999), w(5000), w(5000)),
                Arguments.of("cap respected, rest spread again", 100L, w(90, 10), w(20, 1000), w(20, 80)),
                Arguments.of("several caps clamp in turn", 90L, w(50, 30, 20), w(10, 20, 1000), w(10, 20, 60)),
                Arguments.of("all-zero weights spread by caps", 30L, w(0, 0, 0), w(10, 20, 30), w(5, 10, 15)),
                Arguments.of("zero-weight line gets nothing", 40L, w(0, 1, 1), w(100, 100, 100), w(0, 20, 20)),
                Arguments.of("zero-cap line gets nothing", 40L, w(5, 5), w(0, 100), w(0, 40)),
                Arguments.of("lines at their minimum price (cap 0) are skipped", 25L, w(1000, 1000, 1000),
                        w(0, 25, 0), w(0, 25, 0)),
                Arguments.of("sum of caps taken whole", 60L, w(7, 3, 1), w(10, 20, 30), w(10, 20, 30)),
                Arguments.of("no lines", 0L, w(), w(), w()),
                Arguments.of("huge amounts do not overflow", 99_999_999_999L, w(100_000_000_000L, 1),
                        w(100_000_000_000L, 100_000_000_000L), w(99_999_999_998L, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void allocates(String name, long total, long[] weights, long[] caps, long[] expected) {
        long[] parts = Allocation.allocate(total, weights, caps);
        assertArrayEquals(expected, parts, name + ": " + Arrays.toString(parts));
        assertEquals(total, Arrays.stream(parts).sum());
    }

    @Test
    void totalAboveTheCapsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Allocation.allocate(31, w(1, 1), w(15, 15)));
    }

    @Test
    void weightedLinesFullThenTheRestGoesToZeroWeightLines() {
        // The weighted line can take only 5 of 8; the remaining 3 must still land within the caps.
        long[] parts = Allocation.allocate(8, w(1, 0), w(5, 10));
        assertEquals(8, Arrays.stream(parts).sum(), Arrays.toString(parts));
        assertEquals(5, parts[0]);
        assertEquals(3, parts[1]);
    }

    @Test
    void inputsAreNotModified() {
        long[] weights = w(0, 0);
        long[] caps = w(3, 4);
        Allocation.allocate(5, weights, caps);
        assertArrayEquals(w(0, 0), weights);
        assertArrayEquals(w(3, 4), caps);
    }

    /** Property: for any weights and caps and any total up to the sum of caps, parts add up and respect caps. */
    @Test
    void randomInputsAlwaysAddUpWithinCaps() {
        Random random = new Random(20261122L);
        for (int run = 0; run < 20_000; run++) {
            int n = 1 + random.nextInt(12);
            long[] weights = new long[n];
            long[] caps = new long[n];
            long capSum = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(10);
                    case 2 -> random.nextInt(100_000);
                    default -> (long) (random.nextDouble() * 100_000_000_000L);
                };
                caps[i] = random.nextInt(5) == 0 ? 0 : switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(10);
                    case 1 -> random.nextInt(100_000);
                    default -> Math.min(weights[i], (long) (random.nextDouble() * 100_000_000_000L));
                };
                capSum += caps[i];
            }
            long total = capSum == 0 ? 0 : (long) (random.nextDouble() * (capSum + 1));
            total = Math.min(total, capSum);
            long[] parts = Allocation.allocate(total, weights, caps);
            String ctx = "total " + total + " weights " + Arrays.toString(weights) + " caps " + Arrays.toString(caps)
                    + " -> " + Arrays.toString(parts);
            assertEquals(n, parts.length, ctx);
            assertEquals(total, Arrays.stream(parts).sum(), ctx);
            for (int i = 0; i < n; i++) {
                assertTrue(parts[i] >= 0 && parts[i] <= caps[i], ctx);
            }
        }
    }

    /** Property: without caps in the way the split is pro rata to within one unit. */
    @Test
    void randomUncappedSplitsAreProRataWithinOneUnit() {
        Random random = new Random(42);
        for (int run = 0; run < 5_000; run++) {
            int n = 1 + random.nextInt(8);
            long[] weights = new long[n];
            long weightSum = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = 1 + random.nextInt(1_000_000);
                weightSum += weights[i];
            }
            long total = random.nextInt(1_000_000);
            long[] caps = weights.clone();
            Arrays.fill(caps, Long.MAX_VALUE / 64);
            long[] parts = Allocation.allocate(total, weights, caps);
            for (int i = 0; i < n; i++) {
                double exact = (double) total * weights[i] / weightSum;
                assertTrue(Math.abs(parts[i] - exact) < 1.0 + 1e-9,
                        "line " + i + " got " + parts[i] + ", exact share " + exact);
            }
            assertEquals(total, Arrays.stream(parts).sum());
        }
    }

    private static long[] w(long... values) {
        return values;
    }
}
