package io.kopilka.reports;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The uplift report's statistics, pure: 95 % intervals for the difference of two return rates (Newcombe's hybrid
 * score interval, method 10 of Newcombe 1998, built from the groups' Wilson intervals: it stays inside −1..1 and
 * behaves at rates near 0 where Wald's does not) and of two means (Welch's t interval, which does not assume equal
 * variances: a campaign's treated and control groups differ in size by design), and the size a test would need.
 */
final class UpliftStatistics {

    static final double CONFIDENCE = 0.95;
    static final double POWER = 0.80;
    private static final NormalDistribution NORMAL = new NormalDistribution();
    static final double Z = NORMAL.inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    static final double Z_POWER = NORMAL.inverseCumulativeProbability(POWER);

    private UpliftStatistics() {
    }

    /** An estimate with its 95 % interval. */
    record Interval(double estimate, double ciLow, double ciHigh) {

        boolean excludesZero() {
            return ciLow > 0 || ciHigh < 0;
        }

        Interval times(double k) {
            return k >= 0 ? new Interval(estimate * k, ciLow * k, ciHigh * k) : new Interval(estimate * k, ciHigh * k, ciLow * k);
        }
    }

    /** Wilson's score interval of a proportion x / n (low, high). */
    static double[] wilson(long x, long n) {
        double p = (double) x / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] { Math.max(0, centre - half), Math.min(1, centre + half) };
    }

    /** p1 − p2 with Newcombe's interval; null when a group is empty. */
    static Interval rateDifference(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return null;
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double[] w1 = wilson(x1, n1);
        double[] w2 = wilson(x2, n2);
        double d = p1 - p2;
        double low = d - Math.sqrt(square(p1 - w1[0]) + square(w2[1] - p2));
        double high = d + Math.sqrt(square(w1[1] - p1) + square(p2 - w2[0]));
        return new Interval(d, low, high);
    }

    /** A group's per-customer values summarised: count, sum and sum of squares (what SQL can add up in one pass). */
    record Moments(long n, double sum, double sumOfSquares) {

        double mean() {
            return n == 0 ? 0 : sum / n;
        }

        /** The sample variance (n − 1 in the denominator). */
        double variance() {
            return n < 2 ? 0 : Math.max(0, (sumOfSquares - sum * sum / n) / (n - 1));
        }
    }

    /** mean1 − mean2 with Welch's t interval; null when a group has fewer than two customers. */
    static Interval meanDifference(Moments a, Moments b) {
        if (a.n() < 2 || b.n() < 2) {
            return null;
        }
        double d = a.mean() - b.mean();
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            return new Interval(d, d, d);
        }
        double df = square(va + vb) / (square(va) / (a.n() - 1) + square(vb) / (b.n() - 1));
        double t = new TDistribution(df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return new Interval(d, d - t * se, d + t * se);
    }

    /**
     * How many customers (treated and control together, split as now: controlShare of them held out) a test needs to
     * find the observed difference of return rates significant at 95 % with 80 % power, at the observed rates:
     * N = (z₀.₉₇₅ + z₀.₈)² × (p_t(1 − p_t) / (1 − f) + p_c(1 − p_c) / f) / (p_t − p_c)². Null when there is no
     * difference to find (or no group to measure it in).
     */
    static Long customersNeeded(double treatedRate, double controlRate, double controlShare) {
        double d = treatedRate - controlRate;
        if (d == 0 || controlShare <= 0 || controlShare >= 1) {
            return null;
        }
        double variance = treatedRate * (1 - treatedRate) / (1 - controlShare) + controlRate * (1 - controlRate) / controlShare;
        if (variance == 0) {
            return null;
        }
        return (long) Math.ceil(square(Z + Z_POWER) * variance / (d * d));
    }

    private static double square(double x) {
        return x * x;
    }
}
