package io.kopilka.campaigns;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import io.kopilka.campaigns.gateway.SmsEncoding;

/**
 * Writes one customer's message of one campaign: the template in their language, the placeholders filled,
 * the opt-out link added to promotional texts, the send time moved out of their quiet hours.
 */
final class Composer {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private final Map<String, String> templates;
    private final CampaignSettings settings;
    private final byte[] secret;
    private final long chainId;
    private final boolean promotional;

    Composer(Map<String, String> templates, CampaignSettings settings, byte[] secret, long chainId, boolean promotional) {
        this.templates = templates;
        this.settings = settings;
        this.secret = secret;
        this.chainId = chainId;
        this.promotional = promotional;
    }

    OutboxRow compose(long outboxId, Recipient r, String occasion, Instant sendAt, String promoCode, Long bonusPoints) {
        String language = MessageTemplate.languageFor(templates, r.language(), settings.defaultLanguage());
        String template = templates.get(language);
        if (promotional && !MessageTemplate.uses(template, "opt_out_url")) {
            template = template + MessageTemplate.optOutLine(language);
        }
        Map<String, String> values = new HashMap<>();
        values.put("name", r.name() == null || r.name().isBlank() ? MessageTemplate.anonymousName(language) : r.name());
        values.put("balance", Long.toString(r.balance()));
        values.put("expiring_points", Long.toString(r.expiringPoints()));
        values.put("expiry_date", r.expiryAt() == null ? "" : DATE.format(r.expiryAt().atZone(r.zone())));
        values.put("store", r.storeName() == null ? "" : r.storeName());
        values.put("promo_code", promoCode == null ? "" : promoCode);
        values.put("bonus_points", bonusPoints == null ? "0" : Long.toString(bonusPoints));
        if (MessageTemplate.uses(template, "opt_out_url")) {
            values.put("opt_out_url", OptOutLinks.url(settings.optOutBaseUrl(), secret, chainId, outboxId));
        }
        String text = MessageTemplate.render(template, values);
        Instant notBefore = settings.quietHours().nextAllowed(sendAt, r.zone());
        return new OutboxRow(outboxId, r.customerId(), occasion, r.phone(), language, text, SmsEncoding.parts(text),
                notBefore, promoCode);
    }

    /**
     * The record of a customer held out as the control group: the key and the planned send time the message would
     * have had (the uplift report counts from it), but no text, no parts and no promo code.
     */
    OutboxRow heldOut(long outboxId, Recipient r, String occasion, Instant sendAt) {
        String language = MessageTemplate.languageFor(templates, r.language(), settings.defaultLanguage());
        return new OutboxRow(outboxId, r.customerId(), occasion, r.phone(), language, "", 0,
                settings.quietHours().nextAllowed(sendAt, r.zone()), null);
    }
}
