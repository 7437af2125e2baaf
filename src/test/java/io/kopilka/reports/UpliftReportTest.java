package io.kopilka.reports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The uplift report on synthetic chains whose true effect is known (SyntheticCampaign): with control customers
 * coming back at 20 % and treated ones at 26 %, the interval of the difference holds the true 6 points and not
 * zero; with no effect it holds zero and says how many more customers a verdict would need. Plus its refusals and
 * a franchisee's view.
 */
@QuarkusTest
class UpliftReportTest {

    static final String PATH = "/api/reports/v1/campaigns/{id}/uplift";

    @Inject
    Fixtures fixtures;

    private static RequestSpecification as(String email, String password) {
        return given().auth().preemptive().basic(email, password);
    }

    @Test
    void aKnownSixPointEffectIsFoundAndItsIntervalHoldsIt() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), till, List.of(till), 20_000, 0.20, 0.26, 20261207L);

        JsonPath r = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(18_000, r.getLong("treated.customers"));
        assertEquals(2_000, r.getLong("control.customers"));
        assertEquals(30, r.getInt("days"));
        double low = r.getDouble("difference.return_rate.ci_low");
        double high = r.getDouble("difference.return_rate.ci_high");
        assertTrue(low <= 0.06 && 0.06 <= high, "the true 0.06 in " + low + " .. " + high);
        assertTrue(low > 0, "the interval excludes zero: " + low);
        assertTrue(r.getBoolean("significant"));
        assertNull(r.get("more_customers_needed"));
        // equal spend per returning customer: the revenue difference is the rate difference × 500.00
        long revenueLow = r.getLong("difference.revenue_minor_per_customer.ci_low");
        long revenueHigh = r.getLong("difference.revenue_minor_per_customer.ci_high");
        assertTrue(revenueLow <= 3_000 && 3_000 <= revenueHigh, revenueLow + " .. " + revenueHigh);
        assertEquals(r.getDouble("treated.return_rate") * SyntheticCampaign.SPEND_MINOR,
                r.getDouble("treated.revenue_minor_per_customer"), 1.0);
        long incremental = r.getLong("incremental_customers");
        assertTrue(r.getLong("incremental_customers_ci_low") <= 1_080 && 1_080 <= r.getLong("incremental_customers_ci_high"));
        assertEquals(Math.round(r.getDouble("difference.return_rate.estimate") * 18_000), incremental);
        // 18,000 one-part messages at the default 3.50 a part, no campaign points
        assertEquals(18_000, r.getLong("sms_parts"));
        assertEquals(18_000L * 350, r.getLong("cost_minor"));
        // the curve rises day by day to the headline rate; a one-off campaign has no weeks
        List<Float> treated = r.getList("curve.treated", Float.class);
        List<Float> control = r.getList("curve.control", Float.class);
        assertEquals(30, treated.size());
        for (int d = 1; d < 30; d++) {
            assertTrue(treated.get(d) >= treated.get(d - 1) && control.get(d) >= control.get(d - 1));
        }
        assertEquals(r.getDouble("treated.return_rate"), treated.get(29), 1e-6);
        assertEquals(r.getDouble("control.return_rate"), control.get(29), 1e-6);
        assertEquals(0, r.getList("weeks").size());
    }

    @Test
    void noEffectLeavesZeroInTheIntervalAndSaysWhatIsMissing() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), till, List.of(till), 5_000, 0.20, 0.20, 7L);

        JsonPath r = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        double low = r.getDouble("difference.return_rate.ci_low");
        double high = r.getDouble("difference.return_rate.ci_high");
        assertTrue(low <= 0 && 0 <= high, low + " .. " + high);
        assertFalse(r.getBoolean("significant"));
        assertTrue(r.getLong("more_customers_needed") > 0);
        assertNull(r.get("more_days_needed"), "waiting does not add customers to a one-off campaign");
    }

    @Test
    void daysOutsideOneTo365IsRefusedNamingIt() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), till, List.of(till), 20, 0.2, 0.2, 1L);
        for (String days : List.of("0", "366", "-1", "thirty", "1.5")) {
            as(chain.adminEmail(), chain.adminPassword()).queryParam("days", days).get(PATH, c.campaignId()).then()
                    .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("days"));
            as(chain.adminEmail(), chain.adminPassword()).queryParam("days", days).get(PATH + ".csv", c.campaignId())
                    .then().statusCode(400).body("errors[0].field", equalTo("days"));
        }
        as(chain.adminEmail(), chain.adminPassword()).queryParam("days", "365").get(PATH, c.campaignId()).then()
                .statusCode(200).body("curve.size()", equalTo(365));
    }

    @Test
    void anotherChainsCampaignIsNotFound() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Chain other = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), till, List.of(till), 20, 0.2, 0.2, 1L);
        for (String suffix : List.of("", ".csv", ".xlsx")) {
            as(other.adminEmail(), other.adminPassword()).get(PATH + suffix, c.campaignId()).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        as(chain.adminEmail(), chain.adminPassword()).get(PATH, 999_999_999L).then().statusCode(404);
        given().get(PATH, c.campaignId()).then().statusCode(401);
    }

    @Test
    void aFranchiseeSeesOnlyCustomersWhoBoughtAtItsStoresAndOnlyThoseStoresPurchases() {
        Fixtures.Chain chain = fixtures.chain();
        long alfa = fixtures.franchisee(chain.id(), "Alfa");
        Fixtures.Till alfaTill = fixtures.till(chain.id(), "Europe/Moscow", alfa);
        Fixtures.Till office = fixtures.till(chain.id(), "Europe/Moscow", null);
        String alfaUser = fixtures.franchiseeUser(chain.id(), alfa, "alfa-password");
        // customers alternate: the even ones bought at Alfa before the send, the odd ones at head office's store;
        // every return after the send is at head office's store
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), office, List.of(alfaTill, office), 1_000,
                0.2, 0.3, 3L);

        JsonPath all = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1_000, all.getLong("treated.customers") + all.getLong("control.customers"));
        assertTrue(all.getLong("treated.returned") > 0);
        JsonPath mine = as(alfaUser, "alfa-password").get(PATH, c.campaignId()).then().statusCode(200).extract().jsonPath();
        assertEquals(500, mine.getLong("treated.customers") + mine.getLong("control.customers"));
        assertEquals(0, mine.getLong("treated.returned"), "their purchases after the send were at another owner's store");
        assertEquals(0, mine.getLong("treated.receipts"));
        as(alfaUser, "alfa-password").queryParam("store_id", office.storeId()).get(PATH, c.campaignId()).then()
                .statusCode(404).body("type", endsWith("/store-not-found"));
    }

    @Test
    void theExportsCarryTheFiguresInThePeoplesLanguageOrRaw() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), till, List.of(till), 200, 0.2, 0.3, 5L);
        String raw = as(chain.adminEmail(), chain.adminPassword()).queryParam("form", "raw").get(PATH + ".csv", c.campaignId())
                .then().statusCode(200).header("Content-Disposition",
                        containsString("kopilka-uplift-campaign-" + c.campaignId() + "-30-days-all-stores.csv"))
                .extract().asString();
        assertTrue(raw.contains("metric,value,ci_low,ci_high"), raw);
        assertTrue(raw.contains("treated_customers,180,"), raw);
        assertTrue(raw.contains("control_customers,20,"), raw);
        String russian = as(chain.adminEmail(), chain.adminPassword()).queryParam("lang", "ru")
                .get(PATH + ".csv", c.campaignId()).then().statusCode(200).extract().asString();
        assertTrue(russian.contains("Получили SMS: покупатели;180"), russian);
        assertTrue(russian.contains("Контрольная группа: покупатели;20"), russian);
        as(chain.adminEmail(), chain.adminPassword()).get(PATH + ".xlsx", c.campaignId()).then().statusCode(200)
                .contentType(ReportExports.XLSX);
    }

    @Test
    void aStandingTriggerIsReportedPerWeekOfSendsBesideItsTotal() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        long trigger = fixtures.queryLong("""
                INSERT INTO campaigns (chain_id, kind, name, status, audience, templates)
                VALUES (?, 'win_back', 'Win-back', 'sending', '{}', '{}') RETURNING id""", chain.id());
        // 420 customers, one win-back message each, sent over 21 days starting 60 days ago; every tenth held out;
        // a third of each group buys two days after its own send
        fixtures.execute("""
                INSERT INTO customers (chain_id, phone, name, language, home_store_id, referral_code, sms_consent)
                SELECT ?, '+7905' || lpad(g::text, 7, '0'), 'W' || g, 'ru', ?, 'W' || g, true FROM generate_series(1, 420) g""",
                chain.id(), till.storeId());
        fixtures.execute("""
                INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, occasion, phone, language, text, parts, status,
                                        skip_reason, not_before, sent_at)
                SELECT c.chain_id, ?, c.id, 'x', c.phone, 'ru', CASE WHEN c.id % 10 = 0 THEN '' ELSE 'Ждём!' END,
                       CASE WHEN c.id % 10 = 0 THEN 0 ELSE 1 END,
                       CASE WHEN c.id % 10 = 0 THEN 'skipped' ELSE 'delivered' END, CASE WHEN c.id % 10 = 0 THEN 'held_out' END,
                       now() - interval '60 days' + (c.id % 21) * interval '1 day',
                       CASE WHEN c.id % 10 <> 0 THEN now() - interval '60 days' + (c.id % 21) * interval '1 day' END
                  FROM customers c WHERE c.chain_id = ?""", trigger, chain.id());
        fixtures.execute("""
                INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at,
                                      status, rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor,
                                      points_redeemed, points_earned, result)
                SELECT o.chain_id, ?, ?, 'W' || o.customer_id, '\\x00'::bytea, o.customer_id, o.not_before + interval '2 days',
                       'confirmed', 1, 10000, 0, 0, 10000, 0, 5, '{}'::jsonb
                  FROM sms_outbox o WHERE o.campaign_id = ? AND o.customer_id % 3 = 0""", till.storeId(), till.terminalId(), trigger);
        SyntheticCampaign.refresh(chain.id());

        JsonPath r = as(chain.adminEmail(), chain.adminPassword()).get(PATH, trigger).then().statusCode(200).extract().jsonPath();
        assertEquals(378, r.getLong("treated.customers"));
        assertEquals(42, r.getLong("control.customers"));
        List<Integer> treatedByWeek = r.getList("weeks.treated.customers", Integer.class);
        List<Integer> controlByWeek = r.getList("weeks.control.customers", Integer.class);
        assertTrue(treatedByWeek.size() >= 3 && treatedByWeek.size() <= 4, "21 days of sends span 3 or 4 weeks: " + treatedByWeek);
        assertEquals(378, treatedByWeek.stream().mapToInt(Integer::intValue).sum());
        assertEquals(42, controlByWeek.stream().mapToInt(Integer::intValue).sum());
        assertEquals(r.getDouble("treated.return_rate"), r.getDouble("curve[2].treated"), 1e-6, "everyone who came back did on day 3");
        // no effect (a third of each group): not significant, and at this trigger's 20 customers a day, days are named
        assertFalse(r.getBoolean("significant"));
        Object more = r.get("more_customers_needed");
        if (more != null) {
            assertTrue(r.getLong("more_days_needed") >= 0);
        }
    }

    @Test
    void aChangeCountsFromTheNextRefreshAndTheRollupEqualsOneBuiltAfresh() {
        Fixtures.Chain chain = fixtures.chain();
        Fixtures.Till till = fixtures.till(chain.id());
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), till, List.of(till), 300, 0.2, 0.4, 9L);
        JsonPath before = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE campaign_id = ? AND status = 'delivered'",
                c.campaignId()), before.getLong("treated.customers"));

        // a treated customer who had not come back buys on day 3 after the send: not counted until the next refresh
        long stayedAway = fixtures.queryLong("""
                SELECT min(o.customer_id) FROM sms_outbox o WHERE o.campaign_id = ? AND o.status = 'delivered'
                   AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.customer_id = o.customer_id AND r.occurred_at >= o.sent_at
                                      AND r.occurred_at < o.sent_at + interval '30 days')""", c.campaignId());
        fixtures.execute("INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, "
                + "occurred_at, status, rules_version, total_minor, discount_minor, paid_by_points_minor, to_pay_minor, "
                + "points_redeemed, points_earned, result) VALUES "
                + SyntheticCampaign.row(chain.id(), till, "late-" + stayedAway, stayedAway,
                        c.sendAt().plus(java.time.Duration.ofDays(2).plusHours(3))));
        JsonPath stale = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(before.getLong("treated.returned"), stale.getLong("treated.returned"));
        assertEquals(before.getString("as_of"), stale.getString("as_of"));
        SyntheticCampaign.refresh(chain.id());
        JsonPath after = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(before.getLong("treated.returned") + 1, after.getLong("treated.returned"));
        assertEquals(before.getLong("treated.receipts") + 1, after.getLong("treated.receipts"));

        // a held-out customer's return is cancelled: the control group loses it at the next refresh
        long cancelled = fixtures.queryLong("""
                SELECT min(r.id) FROM receipts r JOIN sms_outbox o ON o.customer_id = r.customer_id AND o.campaign_id = ?
                 WHERE o.skip_reason = 'held_out' AND r.occurred_at >= o.not_before
                   AND r.occurred_at < o.not_before + interval '30 days'""", c.campaignId());
        fixtures.execute("UPDATE receipts SET status = 'cancelled' WHERE id = ?", cancelled);
        SyntheticCampaign.refresh(chain.id());
        JsonPath incremental = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(before.getLong("control.returned") - 1, incremental.getLong("control.returned"));

        // the same figures from a rollup built from nothing, and a refresh with nothing new changes nothing
        for (String table : List.of("report_campaign_returns", "report_campaign_sends", "report_campaign_groups",
                "report_campaign_days")) {
            fixtures.execute("DELETE FROM " + table + " WHERE chain_id = ?", chain.id());
        }
        fixtures.execute("INSERT INTO report_outbox_marks (chain_id, campaign_id, outbox_id) "
                + "SELECT chain_id, campaign_id, id FROM sms_outbox WHERE chain_id = ?", chain.id());
        SyntheticCampaign.refresh(chain.id());
        SyntheticCampaign.refresh(chain.id());
        JsonPath rebuilt = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then()
                .statusCode(200).extract().jsonPath();
        for (String figure : List.of("treated", "control", "difference", "curve", "incremental_revenue_minor", "cost_minor")) {
            assertEquals(incremental.get(figure).toString(), rebuilt.get(figure).toString(), figure);
        }
    }

    @Test
    void aFranchiseesFiguresKeptByTheRefresherEqualThoseSummedForItsOnlyStore() {
        Fixtures.Chain chain = fixtures.chain();
        long beta = fixtures.franchisee(chain.id(), "Beta");
        Fixtures.Till betaTill = fixtures.till(chain.id(), "Europe/Moscow", beta);
        Fixtures.Till office = fixtures.till(chain.id(), "Europe/Moscow", null);
        String betaUser = fixtures.franchiseeUser(chain.id(), beta, "beta-password");
        // half the customers bought at Beta's one store before the send; every return is at Beta's store
        SyntheticCampaign.Built c = SyntheticCampaign.build(fixtures, chain.id(), betaTill, List.of(betaTill, office),
                2_000, 0.2, 0.3, 13L);

        JsonPath franchisee = as(betaUser, "beta-password").get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        JsonPath store = as(betaUser, "beta-password").queryParam("store_id", betaTill.storeId()).get(PATH, c.campaignId())
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1_000, franchisee.getLong("treated.customers") + franchisee.getLong("control.customers"));
        assertTrue(franchisee.getLong("treated.returned") > 0);
        for (String figure : List.of("treated", "control", "difference", "curve", "incremental_revenue_minor",
                "cost_minor", "first_send_at", "last_send_at")) {
            assertEquals(store.get(figure).toString(), franchisee.get(figure).toString(), figure);
        }
        // head office sees all 2,000, and more returns than Beta (those of customers who first bought elsewhere)
        JsonPath all = as(chain.adminEmail(), chain.adminPassword()).get(PATH, c.campaignId()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2_000, all.getLong("treated.customers") + all.getLong("control.customers"));
        assertTrue(all.getLong("treated.returned") > franchisee.getLong("treated.returned"));
    }
}
