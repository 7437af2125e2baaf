package io.kopilka.rules;

import java.util.List;

/** The programme's answer for one receipt: totals and the per-line split printed on the fiscal receipt. */
public record Calculation(
        List<LineResult> lines,
        long totalMinor,
        long discountMinor,
        long paidByPointsMinor,
        long toPayMinor,
        long pointsRedeemed,
        long pointsEarned,
        long redeemablePoints,
        Programme.EarnMode appliedMode,
        List<Applied> applied,
        List<String> messages) {

    public record LineResult(int lineIndex, long discountMinor, long paidByPointsMinor, long finalAmountMinor,
            long pointsEarned) {
    }

    /** A rule that shaped the result, with the sentence the cashier can read out. */
    public record Applied(String rule, String text) {
    }
}
