package io.kopilka.ledger;

/** Kinds of ledger entries (docs/ledger.md#entries); the sign of an entry's points follows from its kind. */
public enum EntryKind {
    earn, redeem, hold, release, earn_reversal, redeem_refund, expire, welcome, birthday, referral, promo, adjustment,
    /** A merge moves a duplicate's lots to the survivor: out of one, into the other, lot by lot. */
    transfer_out, transfer_in,
    /** What is left of an erased customer's balance is cancelled (and a debt written off). */
    erasure
}
