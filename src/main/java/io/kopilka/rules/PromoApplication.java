package io.kopilka.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import io.kopilka.rules.Calculation.Applied;
import io.kopilka.rules.ReceiptInput.PromoOffer;

/**
 * Applies valid promo codes to a receipt: a percentage or fixed discount spread over the lines that points
 * may pay for (never below a line's minimum price), or extra points. Codes apply one after the other on what
 * is left to pay.
 */
public final class PromoApplication {

    public record Result(long[] discount, long extraPoints, List<Applied> applied) {
        public boolean any() {
            return !applied.isEmpty();
        }
    }

    private PromoApplication() {
    }

    /**
     * @param room the most each line may still be reduced (its price after earlier discounts, less its minimum)
     * @param eligible whether a line may be discounted by a promo (not in a category excluded from redeeming)
     */
    public static Result apply(List<PromoOffer> offers, long[] room, boolean[] eligible, boolean customerKnown) {
        int n = room.length;
        long[] discount = new long[n];
        long extraPoints = 0;
        List<Applied> applied = new ArrayList<>();
        if (offers == null) {
            return new Result(discount, 0, applied);
        }
        for (PromoOffer o : offers) {
            long[] caps = new long[n];
            long base = 0;
            for (int i = 0; i < n; i++) {
                caps[i] = eligible[i] ? Math.max(0, room[i] - discount[i]) : 0;
                base += caps[i];
            }
            switch (o.kind()) {
                case percent -> {
                    long wanted = BigDecimal.valueOf(base).multiply(o.percent())
                            .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
                    long[] part = Allocation.allocate(Math.min(wanted, base), caps.clone(), caps);
                    add(discount, part);
                    applied.add(new Applied("promo:" + o.code(), o.code() + ": " + o.percent().stripTrailingZeros().toPlainString() + "% off"));
                }
                case fixed -> {
                    long[] part = Allocation.allocate(Math.min(o.amountMinor(), base), caps.clone(), caps);
                    add(discount, part);
                    applied.add(new Applied("promo:" + o.code(), o.code() + ": " + o.amountMinor() + " off"));
                }
                case points -> {
                    if (customerKnown) {
                        extraPoints += o.points();
                        applied.add(new Applied("promo:" + o.code(), o.code() + ": +" + o.points() + " points"));
                    }
                }
            }
        }
        return new Result(discount, extraPoints, applied);
    }

    private static void add(long[] into, long[] part) {
        for (int i = 0; i < into.length; i++) {
            into[i] += part[i];
        }
    }
}
