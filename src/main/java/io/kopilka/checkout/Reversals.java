package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.Sql;

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
            long before = Sql.rows(c, rs -> rs.getLong(1), """
                    SELECT coalesce(sum(points), 0) FROM ledger_entries
                     WHERE chain_id = ? AND receipt_id = ? AND kind = 'redeem_refund'""", posting.chainId(), r.id()).get(0);
            // One entry per store whose lots gave the points: the entry at the store taking the return, the lot back
            // on the books of the store that earned the points (docs/reports.md, Settlement).
            for (RefundSplit.Part part : RefundSplit.of(c, posting.chainId(), redeemEntry, before, redeemedToRefund,
                    posting.storeId())) {
                ledger.credit(c, posting, EntryKind.redeem_refund, part.points(), redeemEntry, now, expiry, part.storeId());
            }
        }
        if (earnedToReverse > 0) {
            Long earnEntry = receipts.entryOf(c, posting.chainId(), r.id(), "earn");
            // The receipt's own lot goes first (usually still pending), then available points (the refund above
            // included); only what none of them covers becomes a flagged debt.
            ledger.debit(c, posting, EntryKind.earn_reversal, earnedToReverse, earnEntry, earnEntry, true);
        }
    }
}
