package io.kopilka.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding shared by every report: ratios to 4 places, percentages to 2, money to whole minor units. */
final class Metrics {

    private Metrics() {
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? 0.0 : round((double) part / whole, 4);
    }

    static double percent(long part, long whole) {
        return whole == 0 ? 0.0 : round(100.0 * part / whole, 2);
    }

    static long average(long sum, long count) {
        return count == 0 ? 0 : Math.round((double) sum / count);
    }

    static double round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
