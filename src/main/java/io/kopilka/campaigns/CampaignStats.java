package io.kopilka.campaigns;

/**
 * A campaign's numbers: how many were queued, sent, delivered, failed, skipped (consent withdrawn, weekly
 * cap, daily cap), how many opted out in answer to it, and how many recipients bought within 14 days of their
 * message. {@code skippedDailyCap}: of the skipped, those held back by the SMS-per-customer-per-day limit.
 * {@code audience} counts both groups; {@code heldOut} is the control group, which is not among the skipped.
 */
public record CampaignStats(long campaignId, long audience, long queued, long sent, long delivered, long failed,
        long unknown, long skipped, long optedOut,
        @com.fasterxml.jackson.annotation.JsonProperty("returned_within_14_days") long returnedWithin14Days, long smsParts, long costMinor,
        long skippedDailyCap, long heldOut) {
}
