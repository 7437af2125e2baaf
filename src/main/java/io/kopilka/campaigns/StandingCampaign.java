package io.kopilka.campaigns;

/** The standing campaign of birthdays or one trigger (one per chain and kind) and its control share. */
record StandingCampaign(long id, int holdoutPercent) {
}
