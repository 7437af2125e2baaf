package io.kopilka.reports;

/**
 * Every retention count of a pair of days (s = the day before a period, e = its last day) as a number of points
 * (s, e) lying in rectangles, one set of rectangles per customer and figure (docs/adr/0037-retention-grids.md).
 * A rectangle is stored as its four corners with weights ±1, so the count of a pair is the sum of the weights at
 * x ≤ s and y ≤ e (a 2-D prefix sum): summed over a scope's customers by the refresher, the request reads one
 * small grid per figure instead of every customer. Days are epoch days; a spell is a stretch of days on which the
 * customer is active (bought within the window ending that day), a gap a stretch on which they are not.
 */
final class ActivityCorners {

    /** The figures, each its own grid. */
    enum Kind {
        /** active on s and on e (s in spell i, e in spell j ≥ i); (t, t) gives the active on t. */
        BOTH,
        /** first purchase after s and active on e. */
        FIRST_TIME,
        /** inactive on s and on e with a spell between them (bought in the period, active at neither end). */
        PASSING,
        /** at least one receipt in (s, e]. */
        BUYERS,
        /** at least two receipts in (s, e]. */
        REPEAT,
        /** receipts in (s, e] (a customer counts once per receipt). */
        PURCHASES
    }

    /** Receives one weighted corner: x = −∞ is {@link #MINUS_INFINITY}. */
    @FunctionalInterface
    interface Sink {
        void add(Kind kind, int x, int y, int weight);
    }

    static final int MINUS_INFINITY = Integer.MIN_VALUE;
    private static final int PLUS_INFINITY = Integer.MAX_VALUE;

    private ActivityCorners() {
    }

    /**
     * The corners of one customer of a scope, with {@code sign} +1 (the customer's row now) or −1 (the row
     * being replaced). {@code days} are the local days of its confirmed receipts, sorted, one per receipt.
     */
    static void of(int[] days, int windowDays, int sign, Sink sink) {
        if (days.length == 0) {
            return;
        }
        int[] spells = spells(days, windowDays);
        int n = spells.length / 2;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                rect(sink, Kind.BOTH, sign, spells[2 * i], spells[2 * i + 1], spells[2 * j], spells[2 * j + 1]);
            }
            rect(sink, Kind.FIRST_TIME, sign, MINUS_INFINITY, days[0] - 1, spells[2 * i], spells[2 * i + 1]);
        }
        // gap g: before spell 0 (g = 0), between spells g − 1 and g, after the last spell (g = n)
        for (int g = 0; g < n; g++) {
            int gFrom = g == 0 ? MINUS_INFINITY : spells[2 * g - 1] + 1;
            int gTo = spells[2 * g] - 1;
            for (int h = g + 1; h <= n; h++) {
                int hTo = h == n ? PLUS_INFINITY : spells[2 * h] - 1;
                rect(sink, Kind.PASSING, sign, gFrom, gTo, spells[2 * h - 1] + 1, hTo);
            }
        }
        for (int i = 0; i < days.length; i++) {
            int previous = i == 0 ? MINUS_INFINITY : days[i - 1];
            rect(sink, Kind.PURCHASES, sign, MINUS_INFINITY, days[i] - 1, days[i], PLUS_INFINITY);
            if (previous == days[i]) {
                continue; // s between two receipts of one day: no s lies there
            }
            rect(sink, Kind.BUYERS, sign, previous, days[i] - 1, days[i], PLUS_INFINITY);
            if (i + 1 < days.length) {
                rect(sink, Kind.REPEAT, sign, previous, days[i] - 1, days[i + 1], PLUS_INFINITY);
            }
        }
    }

    /** Spells as [from, to] pairs: a receipt on day p makes the customer active on p … p + window − 1. */
    static int[] spells(int[] days, int windowDays) {
        int[] out = new int[2 * days.length];
        int n = 0;
        out[0] = days[0];
        out[1] = days[0] + windowDays - 1;
        for (int i = 1; i < days.length; i++) {
            if (days[i] <= out[2 * n + 1] + 1) {
                out[2 * n + 1] = days[i] + windowDays - 1;
            } else {
                n++;
                out[2 * n] = days[i];
                out[2 * n + 1] = days[i] + windowDays - 1;
            }
        }
        return java.util.Arrays.copyOf(out, 2 * n + 2);
    }

    private static void rect(Sink sink, Kind kind, int sign, int x1, int x2, int y1, int y2) {
        if (x1 != MINUS_INFINITY && x1 > x2 || y1 > y2) {
            return;
        }
        sink.add(kind, x1, y1, sign);
        sink.add(kind, x2 + 1, y1, -sign);
        if (y2 != PLUS_INFINITY) {
            sink.add(kind, x1, y2 + 1, -sign);
            sink.add(kind, x2 + 1, y2 + 1, sign);
        }
    }
}
