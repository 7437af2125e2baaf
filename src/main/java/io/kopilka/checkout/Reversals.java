package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;

/** Undoes (part of) a receipt's points: earned points are taken back, redeemed points given back. */
final class Reversals {

    /** Refunded points keep the life of the points they came from, but never less than this. */
    static final int MIN_REFUND_LIFE_DAYS = 30;

    private Reversals() {
    }

    static void reverse(Connection c, Ledger ledger, ReceiptRows receipts, Posting posting, ReceiptRows.Stored r,
            long earnedToReverse, long redeemedToRefund) throws SQLException {
        // Refund first: points given back pay for the earned points taken back before any debt is opened.
        if (redeemedToRefund > 0) {
            Long redeemEntry = receipts.entryOf(c, posting.chainId(), r.id(), "redeem");
            Instant now = posting.at();
            Instant expiry = redeemEntry == null ? null : ledger.refundExpiry(c, posting.chainId(), redeemEntry);
            Instant floor = now.plus(MIN_REFUND_LIFE_DAYS, ChronoUnit.DAYS);
            if (expiry == null || expiry.isBefore(floor)) {
                expiry = floor;
            }
            ledger.credit(c, posting, EntryKind.redeem_refund, redeemedToRefund, redeemEntry, now, expiry);
        }
        if (earnedToReverse > 0) {
            Long earnEntry = receipts.entryOf(c, posting.chainId(), r.id(), "earn");
            // The receipt's own lot goes first (usually still pending), then available points (the refund above
            // included); only what none of them covers becomes a flagged debt.
            ledger.debit(c, posting, EntryKind.earn_reversal, earnedToReverse, earnEntry, earnEntry, true);
        }
    }
}
