package io.kopilka.campaigns;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.reports.SegmentFilter;

/**
 * The ready-made triggers a chain switches on: points expiring within N days (once per expiry date),
 * win-back after N days without a purchase (once per lapse: the occasion is the last purchase's day) and
 * welcome after enrolment (once).
 */
@ApplicationScoped
public class Triggers {

    /** Customers enrolled this recently still get their welcome (a job that missed a night catches up). */
    static final int WELCOME_WITHIN_DAYS = 3;

    @Inject
    SegmentFilter segments;

    record Planned(String kind, MessagePlan plan) {
    }

    /** The plans of the switched-on triggers; standing maps a kind to its standing campaign. */
    List<Planned> plans(long chainId, CampaignSettings s, Instant now, java.util.function.Function<String, StandingCampaign> standing) {
        List<Planned> out = new ArrayList<>();
        if (Boolean.TRUE.equals(s.expiringPoints().enabled())) {
            StandingCampaign campaign = standing.apply("expiring");
            Audience a = new Audience(null, null, null, s.expiringPoints().days(), null, null, null);
            out.add(new Planned("expiring", new MessagePlan(chainId, campaign.id(), "expiring",
                    s.expiringPoints().templates(), null, query(chainId, a, s, now, null), r -> r.expiryAt() == null ? null
                            : r.expiryAt().atZone(r.zone()).toLocalDate().toString(), now, null, null,
                    campaign.holdoutPercent())));
        }
        if (Boolean.TRUE.equals(s.winBack().enabled())) {
            StandingCampaign campaign = standing.apply("win_back");
            Audience a = new Audience(null, null, s.winBack().days(), null, null, null, null);
            out.add(new Planned("win_back", new MessagePlan(chainId, campaign.id(), "win_back",
                    s.winBack().templates(), null, query(chainId, a, s, now, null), r -> r.lastPurchaseAt() == null ? null
                            : r.lastPurchaseAt().atZone(r.zone()).toLocalDate().toString(), now, null, null,
                    campaign.holdoutPercent())));
        }
        if (Boolean.TRUE.equals(s.welcome().enabled())) {
            StandingCampaign campaign = standing.apply("welcome");
            out.add(new Planned("welcome", new MessagePlan(chainId, campaign.id(), "welcome",
                    s.welcome().templates(), null, query(chainId, Audience.everyone(), s, now,
                            now.minus(WELCOME_WITHIN_DAYS, ChronoUnit.DAYS)), r -> "", now, null, null,
                    campaign.holdoutPercent())));
        }
        return out;
    }

    private AudienceQuery query(long chainId, Audience a, CampaignSettings s, Instant now, Instant enrolledAfter) {
        return new AudienceQuery(chainId, a, now, s.zone(), segments, enrolledAfter, null);
    }
}
