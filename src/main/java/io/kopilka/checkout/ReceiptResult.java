package io.kopilka.checkout;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.kopilka.ledger.Balance;
import io.kopilka.rules.Calculation;

/** What the register prints and shows (docs/api/pos.md#the-result). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiptResult(
        Long receiptId,
        String receiptNo,
        String status,
        int rulesVersion,
        String mode,
        Long customerId,
        long totalMinor,
        long discountMinor,
        long paidByPointsMinor,
        long toPayMinor,
        long pointsRedeemed,
        long pointsEarned,
        OffsetDateTime pointsEarnedAvailableAt,
        long redeemablePoints,
        OffsetDateTime holdExpiresAt,
        List<Calculation.LineResult> lines,
        Balance balance,
        List<Calculation.Applied> applied,
        List<String> messages) {

    public ReceiptResult withIdentity(long id, String newStatus) {
        return new ReceiptResult(id, receiptNo, newStatus, rulesVersion, mode, customerId, totalMinor, discountMinor,
                paidByPointsMinor, toPayMinor, pointsRedeemed, pointsEarned, pointsEarnedAvailableAt, redeemablePoints,
                holdExpiresAt, lines, balance, applied, messages);
    }

    public ReceiptResult withMessages(List<String> newMessages) {
        return new ReceiptResult(receiptId, receiptNo, status, rulesVersion, mode, customerId, totalMinor, discountMinor,
                paidByPointsMinor, toPayMinor, pointsRedeemed, pointsEarned, pointsEarnedAvailableAt, redeemablePoints,
                holdExpiresAt, lines, balance, applied, List.copyOf(newMessages));
    }

    public ReceiptResult withBalance(Balance newBalance) {
        return new ReceiptResult(receiptId, receiptNo, status, rulesVersion, mode, customerId, totalMinor, discountMinor,
                paidByPointsMinor, toPayMinor, pointsRedeemed, pointsEarned, pointsEarnedAvailableAt, redeemablePoints,
                holdExpiresAt, lines, newBalance, applied, messages);
    }
}
