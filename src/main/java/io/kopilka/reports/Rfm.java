package io.kopilka.reports;

import java.util.Arrays;

/**
 * RFM scores 1–5 by quintiles of the scope's customers (recency = last purchase day, frequency = receipts,
 * monetary = spend after returns; higher is better) and the four segments head offices think in. The same
 * rules exist as SQL in {@link #SEGMENT_SQL} for campaign audiences; a test keeps the two equal.
 */
public final class Rfm {

    public enum Segment { stars, productive, question_marks, problem }

    /** A relationship this long (first to last purchase) makes a high spender a star. */
    static final int LONG_RELATIONSHIP_DAYS = 180;

    private static final double[] QUINTILES = { 0.2, 0.4, 0.6, 0.8 };

    private Rfm() {
    }

    /** The four quintile boundaries of the values, as PostgreSQL's percentile_disc picks them. */
    public static long[] boundaries(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        long[] b = new long[QUINTILES.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(QUINTILES[i] * sorted.length) - 1)];
        }
        return b;
    }

    /** 1 + the number of boundaries strictly below the value. */
    public static int score(long value, long[] boundaries) {
        int s = 1;
        for (long b : boundaries) {
            s += value > b ? 1 : 0;
        }
        return s;
    }

    public static Segment segment(int monetaryScore, long sales, long returns, long firstDay, long lastDay) {
        if (returns > 0 && 2 * returns >= sales) {
            return Segment.problem;
        }
        if (monetaryScore >= 4) {
            return lastDay - firstDay >= LONG_RELATIONSHIP_DAYS ? Segment.stars : Segment.productive;
        }
        return Segment.question_marks;
    }

    /**
     * The segment of every customer of a scope given as a query (customer_id, first_day, last_day, receipts,
     * sales, returns): columns customer_id, segment.
     */
    static String segmentSql(String customers) {
        return """
                WITH c AS (%s),
                q AS (SELECT percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY sales - returns) AS m FROM c)
                SELECT c.customer_id,
                       CASE WHEN c.returns > 0 AND 2 * c.returns >= c.sales THEN 'problem'
                            WHEN c.sales - c.returns > q.m[3] -- monetary score 4 or 5
                              THEN CASE WHEN c.last_day - c.first_day >= %d THEN 'stars' ELSE 'productive' END
                            ELSE 'question_marks' END AS segment
                  FROM c, q""".formatted(customers, LONG_RELATIONSHIP_DAYS);
    }
}
