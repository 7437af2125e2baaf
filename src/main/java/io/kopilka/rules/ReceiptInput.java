package io.kopilka.rules;

import java.math.BigDecimal;
import java.util.List;

/** What the programme needs to know about a receipt; money in minor units. */
public record ReceiptInput(List<Line> lines, boolean customerKnown, String tierCode, Redeem redeem, Mode mode,
        long availablePoints, boolean offline) {

    public record Line(long amountMinor, BigDecimal qty, String category) {
    }

    /** Points the customer asks to pay with: a number, or "max" (as much as the rules allow). */
    public record Redeem(boolean max, long points) {
        public static final Redeem NONE = new Redeem(false, 0);

        public boolean requested() {
            return max || points > 0;
        }
    }

    public enum Mode { auto, bonus, discount }
}
