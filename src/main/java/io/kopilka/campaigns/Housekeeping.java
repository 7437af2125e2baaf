package io.kopilka.campaigns;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.checkout.ExpiredHolds;
import io.kopilka.checkout.TierReview;
import io.kopilka.ledger.Expiry;
import io.kopilka.ledger.ExpiryJob;
import io.kopilka.reports.ReportRollups;

/**
 * The nightly work of the batch command: burn expired points, release holds nobody confirmed, move
 * customers down a tier when their spend fell, pay referral rewards that are due, refresh the report
 * rollups (after the expiry, so the night's expired points are in them). Each step is idempotent and safe beside API nodes and
 * other workers, so the command can run from cron twice or on two machines.
 */
@ApplicationScoped
public class Housekeeping {

    @Inject
    ExpiryJob expiry;

    @Inject
    ExpiredHolds holds;

    @Inject
    TierReview tiers;

    @Inject
    io.kopilka.customers.Referrals referrals;

    @Inject
    ReportRollups reports;

    public record Summary(long lotsExpired, long pointsExpired, long holdsReleased, long tiersReviewed, long tiersLowered,
            long referralRewardsPaid, ReportRollups.Result reports) {
        @Override
        public String toString() {
            return "expired " + pointsExpired + " points in " + lotsExpired + " lots; released " + holdsReleased
                    + " holds; reviewed " + tiersReviewed + " tiers, lowered " + tiersLowered + "; paid "
                    + referralRewardsPaid + " referral rewards; reports " + reports;
        }
    }

    public Summary run(Instant now) throws SQLException {
        Expiry.Result expired = expiry.expireAll(now);
        long released = 0;
        int batch;
        do {
            batch = holds.sweepExpired(now, 500);
            released += batch;
        } while (batch >= 500);
        TierReview.Result reviewed = tiers.downgradeDue(now);
        io.kopilka.customers.Referrals.Result rewards = referrals.grantDue(now);
        ReportRollups.Result refreshed = reports.refresh(now);
        return new Summary(expired.lots(), expired.points(), released, reviewed.reviewed(), reviewed.moved(),
                rewards.granted(), refreshed);
    }
}
