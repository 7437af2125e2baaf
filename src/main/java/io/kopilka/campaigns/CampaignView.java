package io.kopilka.campaigns;

import java.time.OffsetDateTime;
import java.util.Map;

public record CampaignView(long id, String kind, String name, String status, Audience audience,
        Map<String, String> templates, PersonalPromo personalPromo, OffsetDateTime sendAt, Integer weeklyCap,
        Integer queuedCount, OffsetDateTime createdAt, OffsetDateTime launchedAt, OffsetDateTime queuedAt,
        OffsetDateTime finishedAt) {
}
