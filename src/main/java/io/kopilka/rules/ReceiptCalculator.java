package io.kopilka.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.kopilka.rules.Calculation.Applied;
import io.kopilka.rules.Calculation.LineResult;
import io.kopilka.rules.Programme.CategoryRule;
import io.kopilka.rules.Programme.EarnMode;
import io.kopilka.rules.Programme.Tier;
import io.kopilka.rules.ReceiptInput.Line;

/**
 * Evaluates the programme for one receipt: discount (discount mode), points paid (capped by share,
 * category and minimum line price), then points earned on what is eligible. Pure: no clock, no I/O.
 */
public final class ReceiptCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ReceiptCalculator() {
    }

    public static Calculation calculate(Programme p, ReceiptInput in) {
        int n = in.lines().size();
        List<Applied> applied = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        EarnMode mode = effectiveMode(p, in.mode(), in.customerDefaultMode());
        Tier tier = p.tier(in.tierCode());
        long[] amount = new long[n];
        long[] minPrice = new long[n];
        long total = 0;
        Set<String> noEarn = new LinkedHashSet<>();
        Set<String> noRedeem = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            Line line = in.lines().get(i);
            amount[i] = line.amountMinor();
            total += amount[i];
            CategoryRule rule = p.category(line.category());
            int minPct = rule != null && rule.minLinePricePct() != null ? rule.minLinePricePct() : p.minLinePricePct();
            minPrice[i] = ceilPct(amount[i], BigDecimal.valueOf(minPct));
            if (rule != null && Boolean.FALSE.equals(rule.earn())) {
                noEarn.add(rule.category());
            }
            if (rule != null && Boolean.FALSE.equals(rule.redeem())) {
                noRedeem.add(rule.category());
            }
        }

        // 1. Instant discount (discount mode): the tier rate off every line that may earn.
        long[] discount = new long[n];
        if (in.customerKnown() && mode == EarnMode.discount) {
            long[] caps = new long[n];
            long eligible = 0;
            for (int i = 0; i < n; i++) {
                if (earnAllowed(p, in.lines().get(i))) {
                    caps[i] = amount[i] - minPrice[i];
                    eligible += amount[i];
                }
            }
            long capSum = sum(caps);
            long wanted = floorPct(eligible, tier.ratePct());
            discount = Allocation.allocate(Math.min(wanted, capSum), caps.clone(), caps);
            if (sum(discount) > 0) {
                applied.add(new Applied("tier:" + tier.code(), tier.name() + ": " + pct(tier.ratePct()) + "% off"));
            }
        }

        // 1b. Promo codes: a discount on what is left to pay, or extra points.
        long[] room = new long[n];
        boolean[] promoEligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            room[i] = Math.max(0, amount[i] - discount[i] - minPrice[i]);
            promoEligible[i] = redeemAllowed(p, in.lines().get(i));
        }
        PromoApplication.Result promo = PromoApplication.apply(in.promos(), room, promoEligible, in.customerKnown());
        discount = discount.clone();
        for (int i = 0; i < n; i++) {
            discount[i] += promo.discount()[i];
        }
        applied.addAll(promo.applied());
        boolean promoBlocksPoints = promo.any() && !p.promoStacking();
        if (promoBlocksPoints) {
            applied.add(new Applied("promo_stacking:off", "Points are neither earned nor paid on a receipt with a promo code"));
            if (in.redeem() != null && in.redeem().requested()) {
                messages.add("Points cannot be combined with a promo code: no points were used");
            }
        }

        // 2. Points paid: at most the share of the receipt after discounts, only on redeemable lines.
        long[] base = new long[n];
        long[] redeemCaps = new long[n];
        long afterDiscount = 0;
        for (int i = 0; i < n; i++) {
            base[i] = amount[i] - discount[i];
            afterDiscount += base[i];
            if (redeemAllowed(p, in.lines().get(i))) {
                redeemCaps[i] = Math.max(0, base[i] - minPrice[i]);
            }
        }
        long shareCap = floorPct(afterDiscount, BigDecimal.valueOf(p.maxRedeemSharePct()));
        long maxMoney = Math.min(shareCap, sum(redeemCaps));
        long maxPoints = in.customerKnown() && mode == EarnMode.bonus && !in.offline() && !promoBlocksPoints
                ? maxMoney / p.pointValueMinor() : 0;
        long redeemablePoints = Math.max(0, Math.min(maxPoints, in.availablePoints()));
        long pointsRedeemed = promoBlocksPoints ? 0 : redeemedPoints(p, in, mode, maxPoints, redeemablePoints);
        long[] paidByPoints = Allocation.allocate(pointsRedeemed * p.pointValueMinor(), base.clone(), redeemCaps);
        if (pointsRedeemed > 0) {
            messages.add("Paid " + pointsRedeemed + " points (" + (pointsRedeemed * p.pointValueMinor()) + " minor units)");
            if (p.maxRedeemSharePct() < 100) {
                applied.add(new Applied("cap:redeem_share", "Points pay at most " + p.maxRedeemSharePct() + "% of a receipt"));
            }
        }
        for (String c : noRedeem) {
            applied.add(new Applied("exclude_redeem:" + c, "Points cannot pay for " + c));
        }

        // 3. Points earned: floor(sum of eligible money x rate / 100 / point value), split over lines.
        long[] finalAmount = new long[n];
        for (int i = 0; i < n; i++) {
            finalAmount[i] = base[i] - paidByPoints[i];
        }
        long[] earned = new long[n];
        long pointsEarned = 0;
        if (in.customerKnown() && mode == EarnMode.bonus && !promoBlocksPoints) {
            BigDecimal[] weighted = new BigDecimal[n];
            BigDecimal totalWeighted = BigDecimal.ZERO;
            java.util.Map<String, String> factorsUsed = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                long eligible = earnAllowed(p, in.lines().get(i)) ? switch (p.earnOn()) {
                    case paid_amount -> finalAmount[i];
                    case none_when_redeeming -> pointsRedeemed > 0 ? 0 : base[i];
                    case full -> base[i];
                } : 0;
                EarnMultipliers.Factor factor = EarnMultipliers.forLine(p, in.lines().get(i).category(), in.occasion());
                if (eligible > 0 && factor.rule() != null) {
                    factorsUsed.putIfAbsent(factor.rule(), factor.text());
                }
                weighted[i] = BigDecimal.valueOf(eligible).multiply(tier.ratePct()).multiply(factor.value());
                totalWeighted = totalWeighted.add(weighted[i]);
            }
            factorsUsed.forEach((rule, text) -> applied.add(new Applied(rule, text)));
            if (factorsUsed.containsKey("birthday")) {
                messages.add("Happy birthday! " + factorsUsed.get("birthday"));
            }
            pointsEarned = totalWeighted.divide(HUNDRED.multiply(BigDecimal.valueOf(p.pointValueMinor())), 0,
                    RoundingMode.FLOOR).longValueExact() + promo.extraPoints();
            long[] weights = new long[n];
            long[] caps = new long[n];
            for (int i = 0; i < n; i++) {
                weights[i] = weighted[i].movePointRight(4).setScale(0, RoundingMode.FLOOR).longValueExact();
                caps[i] = pointsEarned;
            }
            earned = Allocation.allocate(pointsEarned, weights, caps);
            applied.add(new Applied("tier:" + tier.code(), tier.name() + ": " + pct(tier.ratePct()) + "% back in points"));
            if (p.earnOn() == Programme.EarnOn.paid_amount && pointsRedeemed > 0) {
                applied.add(new Applied("earn_on:paid_amount", "No points on the part paid with points"));
            } else if (p.earnOn() == Programme.EarnOn.none_when_redeeming && pointsRedeemed > 0) {
                applied.add(new Applied("earn_on:none_when_redeeming", "No points are earned on a receipt paid partly with points"));
            }
            if (pointsEarned > 0) {
                messages.add("Earned " + pointsEarned + " points");
            }
        }
        if (in.customerKnown()) {
            for (String c : noEarn) {
                applied.add(new Applied("exclude_earn:" + c, "No " + (mode == EarnMode.discount ? "discount" : "points") + " on " + c));
            }
        }

        List<LineResult> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(new LineResult(i, discount[i], paidByPoints[i], finalAmount[i], earned[i]));
        }
        long discountTotal = sum(discount);
        long paidTotal = sum(paidByPoints);
        return new Calculation(lines, total, discountTotal, paidTotal, total - discountTotal - paidTotal,
                pointsRedeemed, pointsEarned, redeemablePoints, mode, List.copyOf(applied), List.copyOf(messages));
    }

    private static long redeemedPoints(Programme p, ReceiptInput in, EarnMode mode, long maxPoints, long redeemable) {
        ReceiptInput.Redeem r = in.redeem();
        if (r == null || !r.requested()) {
            return 0;
        }
        if (!in.customerKnown()) {
            throw new RuleRefusal(RuleRefusal.Code.CUSTOMER_REQUIRED, "Points can only be redeemed by an identified customer");
        }
        if (in.offline()) {
            throw new RuleRefusal(RuleRefusal.Code.OFFLINE_REDEEM, "Receipts taken offline may earn points but not redeem them");
        }
        if (mode != EarnMode.bonus) {
            throw new RuleRefusal(RuleRefusal.Code.MODE_NOT_AVAILABLE, "Points cannot be redeemed in discount mode");
        }
        if (r.max()) {
            return redeemable;
        }
        if (r.points() > in.availablePoints()) {
            throw new RuleRefusal(RuleRefusal.Code.INSUFFICIENT_POINTS,
                    "The customer has " + Math.max(0, in.availablePoints()) + " points available, " + r.points() + " requested");
        }
        if (r.points() > maxPoints) {
            throw new RuleRefusal(RuleRefusal.Code.REDEEM_LIMIT_EXCEEDED,
                    "At most " + maxPoints + " points can pay for this receipt, " + r.points() + " requested");
        }
        return r.points();
    }

    static EarnMode effectiveMode(Programme p, ReceiptInput.Mode requested, ReceiptInput.Mode customerDefault) {
        if (requested == null || requested == ReceiptInput.Mode.auto) {
            if (p.earnMode() != EarnMode.choice) {
                return p.earnMode();
            }
            // choice: the customer's kept default, bonus when they never chose
            return customerDefault == ReceiptInput.Mode.discount ? EarnMode.discount : EarnMode.bonus;
        }
        EarnMode wanted = requested == ReceiptInput.Mode.bonus ? EarnMode.bonus : EarnMode.discount;
        if (p.earnMode() != EarnMode.choice && p.earnMode() != wanted) {
            throw new RuleRefusal(RuleRefusal.Code.MODE_NOT_AVAILABLE,
                    "The programme works in " + p.earnMode() + " mode; '" + requested + "' is not available");
        }
        return wanted;
    }

    private static boolean earnAllowed(Programme p, Line line) {
        CategoryRule rule = p.category(line.category());
        return rule == null || !Boolean.FALSE.equals(rule.earn());
    }

    private static boolean redeemAllowed(Programme p, Line line) {
        CategoryRule rule = p.category(line.category());
        return rule == null || !Boolean.FALSE.equals(rule.redeem());
    }

    private static long floorPct(long amount, BigDecimal pct) {
        return BigDecimal.valueOf(amount).multiply(pct).divide(HUNDRED, 0, RoundingMode.FLOOR).longValueExact();
    }

    private static long ceilPct(long amount, BigDecimal pct) {
        return BigDecimal.valueOf(amount).multiply(pct).divide(HUNDRED, 0, RoundingMode.CEILING).longValueExact();
    }

    private static String pct(BigDecimal p) {
        return p.stripTrailingZeros().toPlainString();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
