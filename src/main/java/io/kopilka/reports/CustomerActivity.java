package io.kopilka.reports;

import java.time.LocalDate;
import java.util.Arrays;

/** The local days (epoch days, sorted, one per confirmed receipt) on which one customer bought in a scope. */
public record CustomerActivity(int[] purchaseDays) {

    public static CustomerActivity of(LocalDate... days) {
        return new CustomerActivity(Arrays.stream(days).mapToInt(d -> (int) d.toEpochDay()).sorted().toArray());
    }

    long firstDay() {
        return purchaseDays[0];
    }

    /** Whether the customer bought on a day from {@code fromDay} to {@code toDay}, both inclusive. */
    boolean boughtBetween(long fromDay, long toDay) {
        return purchasesBetween(fromDay, toDay) > 0;
    }

    int purchasesBetween(long fromDay, long toDay) {
        return firstIndexAfter(toDay) - firstIndexAfter(fromDay - 1);
    }

    private int firstIndexAfter(long day) {
        int lo = 0;
        int hi = purchaseDays.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (purchaseDays[mid] <= day) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
