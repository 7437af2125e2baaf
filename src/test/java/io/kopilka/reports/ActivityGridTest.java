package io.kopilka.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The grids give every retention count the customer-by-customer definition gives (RetentionMetrics over each
 * customer's purchase days), for random customers, windows and periods, also after customers were replaced
 * (the refresher's −1/+1 change) and after a round trip through the stored bytes.
 */
class ActivityGridTest {

    private static final int DAY0 = (int) LocalDate.parse("2025-01-01").toEpochDay();

    @Test
    void everyCountIsTheDefinitionsForRandomCustomersWindowsAndPeriods() {
        Random random = new Random(19);
        for (int window : new int[] { 1, 7, 30, 90 }) {
            List<int[]> customers = randomCustomers(random, 400);
            ActivityGrid grid = new ActivityGrid(DAY0);
            customers.forEach(days -> ActivityCorners.of(days, window, 1, grid));
            assertSameCounts(random, window, customers, grid);
        }
    }

    @Test
    void replacingCustomersAndStoringTheRowsChangesNothingButTheirOwnFigures() {
        Random random = new Random(37);
        int window = 90;
        List<int[]> before = randomCustomers(random, 300);
        ActivityGrid stored = new ActivityGrid(DAY0);
        before.forEach(days -> ActivityCorners.of(days, window, 1, stored));

        // the refresher's change: every third customer bought again (maybe late), the rows are replaced
        List<int[]> after = new ArrayList<>(before);
        ActivityGrid change = new ActivityGrid(DAY0);
        for (int i = 0; i < after.size(); i += 3) {
            int[] old = after.get(i);
            int[] now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = DAY0 + 10 + random.nextInt(500);
            Arrays.sort(now);
            ActivityCorners.of(old, window, -1, change);
            ActivityCorners.of(now, window, 1, change);
            after.set(i, now);
        }
        assertFalse(change.belowBase());
        ActivityGrid merged = new ActivityGrid(DAY0);
        for (ActivityCorners.Kind kind : ActivityCorners.Kind.values()) {
            stored.rows().getOrDefault(kind, new java.util.TreeMap<>()).forEach((y, row) -> merged.put(kind, y, row));
            change.rows().getOrDefault(kind, new java.util.TreeMap<>()).forEach((y, row) -> {
                int[] old = merged.rows().containsKey(kind) && merged.rows().get(kind).containsKey(y)
                        ? merged.rows().get(kind).get(y) : new int[0];
                merged.put(kind, y, ActivityGrid.decode(ActivityGrid.encode(ActivityGrid.plus(old, row))));
            });
        }
        assertSameCounts(random, window, after, merged);
    }

    @Test
    void aDayBeforeTheGridsBeginIsNoticed() {
        ActivityGrid grid = new ActivityGrid(DAY0);
        ActivityCorners.of(new int[] { DAY0 + 5 }, 90, 1, grid);
        assertFalse(grid.belowBase());
        ActivityCorners.of(new int[] { DAY0 - 1, DAY0 + 5 }, 90, 1, grid);
        assertTrue(grid.belowBase());
    }

    private static List<int[]> randomCustomers(Random random, int n) {
        List<int[]> customers = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            int[] days = new int[1 + random.nextInt(8)];
            for (int i = 0; i < days.length; i++) {
                // some on the same day, a few far apart
                days[i] = i > 0 && random.nextInt(6) == 0 ? days[i - 1] : DAY0 + random.nextInt(random.nextBoolean() ? 500 : 120);
            }
            Arrays.sort(days);
            customers.add(days);
        }
        return customers;
    }

    private static void assertSameCounts(Random random, int window, List<int[]> customers, ActivityGrid grid) {
        RetentionMetrics metrics = new RetentionMetrics(window, 30);
        List<CustomerActivity> activity = customers.stream().map(CustomerActivity::new).toList();
        for (int k = 0; k < 200; k++) {
            LocalDate from = LocalDate.ofEpochDay(DAY0 - 30 + random.nextInt(700));
            LocalDate to = from.plusDays(random.nextInt(k % 4 == 0 ? 5 : 400));
            assertEquals(metrics.counts(activity, from, to), RetentionMetrics.counts(grid, from, to),
                    "window " + window + ", " + from + " .. " + to);
        }
        LocalDate from = LocalDate.ofEpochDay(DAY0 + 100);
        LocalDate to = from.plusDays(364);
        assertEquals(metrics.trend(activity, from, to, Granularity.month),
                metrics.trend((f, t) -> RetentionMetrics.counts(grid, f, t), from, to, Granularity.month));
    }
}
