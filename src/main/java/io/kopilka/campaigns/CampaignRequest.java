package io.kopilka.campaigns;

import java.time.OffsetDateTime;
import java.util.Map;

/** A promo campaign as head office writes it; send_at empty means as soon as it is launched. */
public record CampaignRequest(String name, Audience audience, Map<String, String> templates, PersonalPromo personalPromo,
        OffsetDateTime sendAt, Integer weeklyCap) {
}
