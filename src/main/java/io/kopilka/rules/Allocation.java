package io.kopilka.rules;

import java.math.BigInteger;

/**
 * Spreads an amount over receipt lines pro rata to their weights, never above a line's cap, with
 * largest-remainder rounding so the parts add up exactly to the total (fiscal receipts print each
 * line's final price, so a lost kopeck is a wrong receipt).
 */
public final class Allocation {

    private Allocation() {
    }

    /**
     * @param total   amount to spread, 0 ≤ total ≤ sum of caps
     * @param weights non-negative weight of each line; lines of weight 0 get nothing unless all are 0
     * @param caps    the most each line may take
     */
    public static long[] allocate(long total, long[] weights, long[] caps) {
        int n = weights.length;
        long[] result = new long[n];
        if (total <= 0 || n == 0) {
            return result;
        }
        long capSum = 0;
        for (long c : caps) {
            capSum += Math.max(0, c);
        }
        if (total > capSum) {
            throw new IllegalArgumentException("total " + total + " exceeds the caps " + capSum);
        }
        long[] w = weights.clone();
        boolean anyWeight = false;
        for (int i = 0; i < n; i++) {
            if (w[i] > 0 && caps[i] > 0) {
                anyWeight = true;
            }
        }
        if (!anyWeight) {
            for (int i = 0; i < n; i++) {
                w[i] = Math.max(0, caps[i]);
            }
        }
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            active[i] = w[i] > 0 && caps[i] > 0;
        }
        long remaining = total;
        // Lines whose pro-rata share would exceed their cap take the cap; the rest is spread again.
        boolean clamped = true;
        while (clamped && remaining > 0) {
            clamped = false;
            BigInteger weightSum = BigInteger.ZERO;
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    weightSum = weightSum.add(BigInteger.valueOf(w[i]));
                }
            }
            if (weightSum.signum() == 0) {
                break;
            }
            BigInteger rem = BigInteger.valueOf(remaining);
            for (int i = 0; i < n; i++) {
                if (!active[i]) {
                    continue;
                }
                // share >= cap  <=>  remaining * w >= cap * weightSum
                if (rem.multiply(BigInteger.valueOf(w[i])).compareTo(BigInteger.valueOf(caps[i]).multiply(weightSum)) >= 0) {
                    result[i] = caps[i];
                    remaining -= caps[i];
                    active[i] = false;
                    clamped = true;
                }
            }
        }
        if (remaining <= 0) {
            return result;
        }
        BigInteger weightSum = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            if (active[i]) {
                weightSum = weightSum.add(BigInteger.valueOf(w[i]));
            }
        }
        if (weightSum.signum() == 0) {
            // Every weighted line is at its cap: the rest goes to the other lines, by the room they have left.
            long[] room = new long[n];
            for (int i = 0; i < n; i++) {
                room[i] = Math.max(0, caps[i]) - result[i];
            }
            long[] rest = allocate(remaining, new long[n], room);
            for (int i = 0; i < n; i++) {
                result[i] += rest[i];
            }
            return result;
        }
        BigInteger rem = BigInteger.valueOf(remaining);
        BigInteger[] remainders = new BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            if (!active[i]) {
                continue;
            }
            BigInteger[] qr = rem.multiply(BigInteger.valueOf(w[i])).divideAndRemainder(weightSum);
            result[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += result[i];
        }
        long leftover = remaining - given;
        while (leftover > 0) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (active[i] && remainders[i] != null && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
                    best = i;
                }
            }
            result[best]++;
            remainders[best] = null;
            leftover--;
        }
        return result;
    }
}
