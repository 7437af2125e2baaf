package io.kopilka.campaigns;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * One campaign's messages to work out: who (the audience), what (templates, personal promo code), when, and
 * the occasion that makes each message unique (null drops a recipient, e.g. not their birthday yet in their zone),
 * and the share of the eligible audience held out as the control group.
 */
record MessagePlan(long chainId, long campaignId, String kind, Map<String, String> templates, PersonalPromo personalPromo,
        AudienceQuery audience, Function<Recipient, String> occasion, Instant sendAt, Long bonusPoints,
        QueuedHook onQueued, int holdoutPercent) {

    boolean promotional() {
        return !"birthday".equals(kind);
    }

    /** Runs in the transaction that queued these customers' messages (the birthday bonus is credited there). */
    @FunctionalInterface
    interface QueuedHook {
        void queued(java.sql.Connection c, java.util.List<Long> customerIds) throws java.sql.SQLException;
    }
}
