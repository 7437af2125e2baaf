package io.kopilka.programme;

import static io.restassured.RestAssured.given;

import io.kopilka.support.Fixtures;
import io.restassured.response.ValidatableResponse;

/** Programme documents as head office would PUT them, built from the default one with some parts replaced. */
final class ProgrammeDocs {

    private ProgrammeDocs() {
    }

    static String doc(String earnMode, String tiers, String categories, String multipliers, String birthday) {
        return """
                {"point_value_minor": 100, "earn_mode": "%s", "earn_on": "paid_amount",
                 "max_redeem_share_pct": 30, "min_line_price_pct": 0,
                 "accrual_delay_days": 14, "expiry_days": 365, "hold_ttl_minutes": 15,
                 "tiers": %s, "categories": %s, "multipliers": %s,
                 "welcome_points": 0, "birthday": %s, "referral": null, "promo_stacking": true}"""
                .formatted(earnMode, tiers, categories, multipliers, birthday);
    }

    static String base(int ratePct) {
        return "[{\"code\": \"base\", \"name\": \"Base\", \"min_spend_minor\": 0, \"rate_pct\": " + ratePct + "}]";
    }

    static ValidatableResponse put(Fixtures.Chain chain, String document) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword())
                .contentType("application/json").body(document)
                .put("/api/admin/v1/program").then();
    }
}
