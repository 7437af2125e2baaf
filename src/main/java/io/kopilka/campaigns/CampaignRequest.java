package io.kopilka.campaigns;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A promo campaign as head office writes it; send_at empty means as soon as it is launched. holdout_percent (0-50)
 * is the control group's share of the eligible audience: 10 when a new campaign leaves it out, unchanged when an
 * update does.
 */
public record CampaignRequest(String name, Audience audience, Map<String, String> templates, PersonalPromo personalPromo,
        OffsetDateTime sendAt, Integer weeklyCap, Integer holdoutPercent) {
}
