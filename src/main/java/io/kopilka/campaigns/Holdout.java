package io.kopilka.campaigns;

import java.nio.ByteBuffer;

import io.kopilka.platform.Secrets;

/**
 * Who a campaign keeps back as its control group: a keyed hash of (campaign, customer) under a key derived from
 * the chain's secret puts each customer in a bucket 0..99, and buckets below the campaign's share are held out.
 * The same inputs always give the same answer, so a rerun or a second worker agrees, and nobody outside the chain
 * can tell (or steer) who is in which group. docs/adr/0043-holdout-groups.md.
 */
final class Holdout {

    static final int MAX_PERCENT = 50;

    private final byte[] key;
    private final long campaignId;
    private final int percent;

    Holdout(byte[] chainSecret, long campaignId, int percent) {
        // a key of its own, so a holdout hash never equals an opt-out link's or a promo code's
        this.key = Secrets.hmacSha256(chainSecret, "holdout-key");
        this.campaignId = campaignId;
        this.percent = percent;
    }

    int percent() {
        return percent;
    }

    boolean heldOut(long customerId) {
        return percent > 0 && bucket(customerId) < percent;
    }

    /** 0..99; 2^63 is so much larger than 100 that the modulo's bias is nil. */
    int bucket(long customerId) {
        byte[] h = Secrets.hmacSha256(key, campaignId + ":" + customerId);
        long v = ByteBuffer.wrap(h, 0, 8).getLong() & Long.MAX_VALUE;
        return (int) (v % 100);
    }
}
