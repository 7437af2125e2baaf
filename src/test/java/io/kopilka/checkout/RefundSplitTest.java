package io.kopilka.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Refunded points go back to the stores whose lots gave them, last-consumed first, exactly over several returns. */
class RefundSplitTest {

    private static final List<RefundSplit.Consumed> LAST_FIRST = List.of(
            new RefundSplit.Consumed(7L, 50), new RefundSplit.Consumed(null, 30), new RefundSplit.Consumed(3L, 120));

    @Test
    void aPartialRefundGoesToTheLastConsumedLotsFirst() {
        assertEquals(List.of(new RefundSplit.Part(7L, 50), new RefundSplit.Part(null, 10)),
                RefundSplit.split(LAST_FIRST, 0, 60, 99L));
        // the next return continues where the first stopped
        assertEquals(List.of(new RefundSplit.Part(null, 20), new RefundSplit.Part(3L, 40)),
                RefundSplit.split(LAST_FIRST, 60, 60, 99L));
    }

    @Test
    void returnsInAnyStepsGiveEachStoreBackExactlyWhatItsLotsGave() {
        for (int step = 1; step <= 200; step += 7) {
            Map<Long, Long> back = new HashMap<>();
            long given = 0;
            while (given < 200) {
                long points = Math.min(step, 200 - given);
                RefundSplit.split(LAST_FIRST, given, points, 99L)
                        .forEach(p -> back.merge(p.storeId() == null ? 0L : p.storeId(), p.points(), Long::sum));
                given += points;
            }
            assertEquals(Map.of(7L, 50L, 0L, 30L, 3L, 120L), back, "steps of " + step);
        }
    }

    @Test
    void pointsNoLotAccountsForStayAtTheFallbackStore() {
        assertEquals(List.of(new RefundSplit.Part(99L, 5)), RefundSplit.split(List.of(), 0, 5, 99L));
        assertEquals(List.of(new RefundSplit.Part(3L, 120), new RefundSplit.Part(99L, 10)),
                RefundSplit.split(LAST_FIRST, 80, 130, 99L));
    }
}
