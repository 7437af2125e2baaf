package io.kopilka.rules;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/** What the programme needs to know about a receipt; money in minor units. */
public record ReceiptInput(List<Line> lines, boolean customerKnown, String tierCode, Redeem redeem, Mode mode,
        long availablePoints, boolean offline, Occasion occasion, Mode customerDefaultMode, List<PromoOffer> promos) {

    /** A receipt without occasion details, customer preference or promo codes. */
    public ReceiptInput(List<Line> lines, boolean customerKnown, String tierCode, Redeem redeem, Mode mode,
            long availablePoints, boolean offline) {
        this(lines, customerKnown, tierCode, redeem, mode, availablePoints, offline, Occasion.NONE, Mode.auto, List.of());
    }

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

    /**
     * Where and when the receipt happened, in the store's local time, and whether the customer is within
     * their birthday window (computed by the caller in the customer's time zone).
     */
    public record Occasion(String storeCode, LocalDateTime storeLocalTime, boolean birthdayWindow) {
        public static final Occasion NONE = new Occasion(null, null, false);
    }

    /** A promo code the checkout found valid for this receipt and customer. */
    public record PromoOffer(String code, PromoKind kind, BigDecimal percent, long amountMinor, long points) {
    }

    public enum PromoKind { percent, fixed, points }
}
