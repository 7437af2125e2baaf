package io.kopilka.reports;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scope's retention grids ({@link ActivityCorners}): per figure, rows by day y, each row the weights by x
 * index (0 = −∞, k = the day base + k − 1). The refresher adds corners to it (a whole scope, or the change of
 * the customers it recomputed); a report reads the stored rows into one and asks {@link #count}.
 */
final class ActivityGrid implements ActivityCorners.Sink {

    private final int baseDay;
    private final Map<ActivityCorners.Kind, TreeMap<Integer, int[]>> rows = new EnumMap<>(ActivityCorners.Kind.class);
    private final Map<ActivityCorners.Kind, TreeMap<Integer, int[]>> prefixes = new EnumMap<>(ActivityCorners.Kind.class);
    private boolean belowBase;

    ActivityGrid(int baseDay) {
        this.baseDay = baseDay;
    }

    @Override
    public void add(ActivityCorners.Kind kind, int x, int y, int weight) {
        if (y < baseDay || x != ActivityCorners.MINUS_INFINITY && x < baseDay) {
            belowBase = true; // a day before the grids begin: the refresher rebuilds them
            return;
        }
        int ix = index(x);
        TreeMap<Integer, int[]> byDay = rows.computeIfAbsent(kind, k -> new TreeMap<>());
        int[] row = byDay.get(y);
        if (row == null || row.length <= ix) {
            // grown by half at a time: a rebuild adds millions of corners to a few thousand rows
            row = row == null ? new int[ix + 1] : java.util.Arrays.copyOf(row, Math.max(ix + 1, row.length * 3 / 2));
            byDay.put(y, row);
        }
        row[ix] += weight;
    }

    /** Whether a corner fell before the first day of the grids. */
    boolean belowBase() {
        return belowBase;
    }

    Map<ActivityCorners.Kind, TreeMap<Integer, int[]>> rows() {
        return rows;
    }

    /** A stored row, read back. */
    void put(ActivityCorners.Kind kind, int y, int[] weights) {
        rows.computeIfAbsent(kind, k -> new TreeMap<>()).put(y, weights);
    }

    /** The sum of the corners at x ≤ s and y ≤ e: the figure {@code kind} of the pair of days (s, e). */
    long count(ActivityCorners.Kind kind, int s, int e) {
        TreeMap<Integer, int[]> byDay = prefixes.computeIfAbsent(kind, this::prefixesOf);
        int ix = s < baseDay ? 0 : s - baseDay + 1;
        long sum = 0;
        for (int[] prefix : byDay.headMap(e, true).values()) {
            sum += prefix.length == 0 ? 0 : prefix[Math.min(ix, prefix.length - 1)];
        }
        return sum;
    }

    private TreeMap<Integer, int[]> prefixesOf(ActivityCorners.Kind kind) {
        TreeMap<Integer, int[]> out = new TreeMap<>();
        rows.getOrDefault(kind, new TreeMap<>()).forEach((y, row) -> {
            int[] prefix = new int[row.length];
            int sum = 0;
            for (int i = 0; i < row.length; i++) {
                sum += row[i];
                prefix[i] = sum;
            }
            out.put(y, prefix);
        });
        return out;
    }

    private int index(int x) {
        return x == ActivityCorners.MINUS_INFINITY ? 0 : x - baseDay + 1;
    }

    /** A row as stored, without its trailing zeros. */
    static byte[] encode(int[] weights) {
        int n = weights.length;
        while (n > 0 && weights[n - 1] == 0) {
            n--;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * n);
        b.asIntBuffer().put(weights, 0, n);
        return b.array();
    }

    static int[] decode(byte[] bytes) {
        int[] out = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).asIntBuffer().get(out);
        return out;
    }

    /** The row-wise sum of two rows of one day. */
    static int[] plus(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a.length >= b.length ? a : b, Math.max(a.length, b.length));
        int[] other = a.length >= b.length ? b : a;
        for (int i = 0; i < other.length; i++) {
            out[i] += other[i];
        }
        return out;
    }
}
