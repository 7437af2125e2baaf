package io.kopilka.reports;

import java.util.List;

import io.kopilka.support.Fixtures;

/** Synthetic uplift campaigns for tests outside the reports package (the console's browser test). */
public final class UpliftFixtures {

    private UpliftFixtures() {
    }

    /** A one-off campaign to {@code customers} customers, a tenth held out; returns its id. */
    public static long campaign(Fixtures fixtures, long chainId, Fixtures.Till till, int customers, double controlRate,
            double treatedRate, long seed) {
        return SyntheticCampaign.build(fixtures, chainId, till, List.of(till), customers, controlRate, treatedRate, seed)
                .campaignId();
    }
}
