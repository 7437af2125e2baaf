package io.kopilka.platform;

/**
 * What a chain's campaign settings hold until head office saves its own: read by the campaign job and, for the
 * cost and the send days of the uplift report, by the reports, which sit below the campaigns.
 */
public final class CampaignDefaults {

    public static final long SMS_PART_PRICE_MINOR = 350;
    public static final String TIMEZONE = "Europe/Moscow";

    private CampaignDefaults() {
    }
}
