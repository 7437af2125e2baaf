package io.kopilka.campaigns;

import java.util.Map;

/**
 * What a campaign would cost before it is sent: recipients, SMS parts (GSM-7 160/153, UCS-2 70/67 per part)
 * and the price at the chain's price per part; per language, with one rendered text as a sample. {@code audience}
 * is every eligible customer, of whom {@code heldOut} would be the control group; parts and cost are the others'.
 */
public record Preview(long audience, long heldOut, long smsParts, long costMinor, String currency, Map<String, LanguageShare> byLanguage,
        String sample) {

    public record LanguageShare(long recipients, long smsParts) {
    }
}
