package io.kopilka.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The uplift report's statistics against published or independently computed values: Newcombe's 1998 worked
 * examples (Statistics in Medicine 17:873, table II, method 10), Welch intervals as SciPy 1.17's
 * {@code ttest_ind(equal_var=False).confidence_interval(0.95)} gives them, and the sample size formula.
 */
class UpliftStatisticsTest {

    @ParameterizedTest(name = "{0}/{1} − {2}/{3} → {4} .. {5}")
    @CsvSource({
            "56, 70, 48, 80, 0.0524, 0.3339",
            "9, 10, 3, 10, 0.1705, 0.8090",
            "6, 7, 2, 7, 0.0582, 0.8062",
            "5, 56, 0, 29, -0.0381, 0.1926",
            "0, 10, 0, 20, -0.1611, 0.2775",
            "10, 10, 0, 20, 0.6791, 1.0000",
    })
    void newcombesHybridScoreIntervalMatchesThePublishedExamples(long x1, long n1, long x2, long n2, double low, double high) {
        UpliftStatistics.Interval i = UpliftStatistics.rateDifference(x1, n1, x2, n2);
        assertEquals((double) x1 / n1 - (double) x2 / n2, i.estimate(), 1e-12);
        assertEquals(low, i.ciLow(), 0.0005);
        assertEquals(high, i.ciHigh(), 0.0005);
    }

    @Test
    void anEmptyGroupHasNoDifference() {
        assertNull(UpliftStatistics.rateDifference(3, 10, 0, 0));
        assertNull(UpliftStatistics.meanDifference(new UpliftStatistics.Moments(1, 5, 25), new UpliftStatistics.Moments(9, 5, 25)));
    }

    @ParameterizedTest(name = "Welch: {0} − {3}")
    @CsvSource({
            // n, sum, sum of squares of each group; SciPy's estimate and interval
            "15, 312.3, 6612.23, 15, 344.8, 7979.18, -2.166667, -3.984096, -0.349237",
            // revenue per customer with many zeros (most of either group did not buy)
            "10, 3500, 7250000, 20, 5500, 11330000, 75.0, -570.2388, 720.2388",
    })
    void welchsIntervalMatchesScipy(long n1, double s1, double q1, long n2, double s2, double q2, double d, double low,
            double high) {
        UpliftStatistics.Interval i = UpliftStatistics.meanDifference(new UpliftStatistics.Moments(n1, s1, q1),
                new UpliftStatistics.Moments(n2, s2, q2));
        assertEquals(d, i.estimate(), 1e-5);
        assertEquals(low, i.ciLow(), 1e-3);
        assertEquals(high, i.ciHigh(), 1e-3);
    }

    @ParameterizedTest(name = "{0} vs {1}, {2} held out → {3}")
    @CsvSource({
            // N = (z.975 + z.8)² (pt qt / (1 − f) + pc qc / f) / (pt − pc)²
            "0.26, 0.20, 0.1, 3955",
            "0.26, 0.20, 0.5, 1537",
            "0.22, 0.20, 0.1, 35137",
    })
    void customersNeededForEightyPercentPower(double treated, double control, double share, long needed) {
        assertEquals(needed, UpliftStatistics.customersNeeded(treated, control, share));
    }

    @Test
    void noDifferenceNeedsNoNumber() {
        assertNull(UpliftStatistics.customersNeeded(0.2, 0.2, 0.1));
    }

    @Test
    void aClearEffectIsSignificantAndMoreCustomersAreNotAsked() {
        // 900 treated returning at 26 %, 100 held out at 20 %... and then thirty times as many
        UpliftTally small = tally(900, 234);
        UpliftTally smallControl = tally(100, 20);
        UpliftFigures few = UpliftFigures.of(small, smallControl, 350, 100, 0);
        assertFalse(few.significant());
        assertTrue(few.moreCustomersNeeded() > 0);
        assertNull(few.moreDaysNeeded(), "a one-off campaign's audience does not grow by waiting");
        UpliftFigures many = UpliftFigures.of(tally(27000, 7020), tally(3000, 600), 350, 100, 0);
        assertTrue(many.significant());
        assertNull(many.moreCustomersNeeded());
        assertEquals(0.06, many.difference().returnRate().estimate(), 1e-9);
        assertEquals(1620, many.incrementalCustomers());
        // a standing trigger over 10 days: 100 customers a day, so the customers still needed take that many days
        UpliftFigures daily = UpliftFigures.of(small, smallControl, 350, 100, 10);
        assertEquals((long) Math.ceil(few.moreCustomersNeeded() / 100.0), daily.moreDaysNeeded());
        assertEquals(3955 - 1000, few.moreCustomersNeeded());
    }

    private static UpliftTally tally(long customers, long returned) {
        UpliftTally t = UpliftTally.empty(30);
        t = t.plus(null, customers - returned, 0, 0, 0, 0, 0, 0);
        return t.plus(5, returned, returned, returned * 1000.0, returned * 1000.0 * 1000.0, 0, 0, 0);
    }
}
