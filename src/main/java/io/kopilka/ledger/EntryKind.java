package io.kopilka.ledger;

/** Kinds of ledger entries (docs/ledger.md#entries); the sign of an entry's points follows from its kind. */
public enum EntryKind {
    earn, redeem, hold, release, earn_reversal, redeem_refund, expire, welcome, birthday, referral, promo, adjustment
}
