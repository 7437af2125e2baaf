package io.kopilka.campaigns;

import java.time.OffsetDateTime;
import java.util.Map;

/** {@code heldOut}: customers recorded so far as the campaign's control group (holdout_percent of its audience). */
public record CampaignView(long id, String kind, String name, String status, Audience audience,
        Map<String, String> templates, PersonalPromo personalPromo, OffsetDateTime sendAt, Integer weeklyCap,
        Integer queuedCount, OffsetDateTime createdAt, OffsetDateTime launchedAt, OffsetDateTime queuedAt,
        OffsetDateTime finishedAt, int holdoutPercent, long heldOut) {
}
