package io.kopilka.campaigns;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Holdout groups (docs/adr/0043-holdout-groups.md) end to end: campaigns through the API, the job in-process, a
 * recording gateway, and the outbox read back as the uplift report will read it.
 */
@QuarkusTest
@TestProfile(HoldoutTest.ProductionDefaultShare.class)
class HoldoutTest {

    /** The other job tests hold out nobody unless they ask; here a campaign gets the production default of 10. */
    public static class ProductionDefaultShare implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kopilka.campaigns.default-holdout-percent", "10",
                    "kopilka.campaigns.till-application-names", "till-42");
        }
    }

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final String CAMPAIGNS = "/api/admin/v1/campaigns";

    @Inject
    Fixtures fixtures;

    @Inject
    CampaignJob job;

    @Inject
    CampaignCommand command;

    @Inject
    DataSource dataSource;

    RecordingSender gateway;
    Fixtures.Chain chain;
    Fixtures.Till till;

    @BeforeEach
    void setUp() {
        gateway = new RecordingSender();
        QuarkusMock.installMockForType(gateway, SmsSender.class);
        chain = fixtures.chain();
        till = fixtures.till(chain.id(), "Europe/Moscow", null);
        // other tests' chains must not send birthday greetings through this gateway
        fixtures.execute("""
                INSERT INTO campaign_settings (chain_id, document, opt_out_secret)
                SELECT id, '{"birthday": {"enabled": false}}'::jsonb, '\\x00'::bytea FROM chains WHERE id <> ?
                ON CONFLICT (chain_id) DO UPDATE SET document = jsonb_set(campaign_settings.document, '{birthday,enabled}', 'false')""",
                chain.id());
    }

    private RequestSpecification admin() {
        return admin(chain);
    }

    private static RequestSpecification admin(Fixtures.Chain chain) {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType(ContentType.JSON);
    }

    /** The last noon in Moscow: daytime for the quiet hours. */
    private static Instant noon() {
        ZonedDateTime now = ZonedDateTime.now(MOSCOW);
        ZonedDateTime noon = now.with(LocalTime.NOON);
        return (noon.isAfter(now) ? noon.minusDays(1) : noon).toInstant();
    }

    /** {@code n} customers of the till's store, with consent or not, born on {@code birthDate}; returns their ids. */
    private List<Long> customers(int n, boolean consent, LocalDate birthDate) {
        long first = fixtures.queryLong("SELECT coalesce(max(id), 0) FROM customers");
        String tag = Long.toString(System.nanoTime() % 1_000_000);
        fixtures.execute("""
                INSERT INTO customers (chain_id, phone, name, language, home_store_id, referral_code, sms_consent, consent_at,
                                       birth_date)
                SELECT ?::bigint, '+7' || ?::text || lpad(g::text, 5, '0'), 'C' || g, 'en', ?::bigint, 'H' || ?::text || 'x' || g,
                       ?::boolean, CASE WHEN ?::boolean THEN now() END, ?::date
                  FROM generate_series(1, ?::int) g""", chain.id(), String.format("%06d", Long.parseLong(tag)), till.storeId(), tag,
                consent, consent, birthDate, n);
        return ids("SELECT id FROM customers WHERE chain_id = ? AND id > ? AND sms_consent = ? ORDER BY id", chain.id(), first,
                consent);
    }

    private List<Long> ids(String sql, Object... args) {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private Set<Long> heldOut(long campaignId) {
        return new TreeSet<>(ids("""
                SELECT customer_id FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND status = 'skipped'
                   AND skip_reason = 'held_out'""", chain.id(), campaignId));
    }

    private Set<Long> treated(long campaignId) {
        return new TreeSet<>(ids("""
                SELECT customer_id FROM sms_outbox WHERE chain_id = ? AND campaign_id = ?
                   AND skip_reason IS DISTINCT FROM 'held_out'""", chain.id(), campaignId));
    }

    private Map<Long, String> phones() {
        Map<String, Long> byPhone = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, phone FROM customers WHERE chain_id = ?")) {
            ps.setLong(1, chain.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byPhone.put(rs.getString(2), rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<Long, String> out = new HashMap<>();
        byPhone.forEach((phone, id) -> out.put(id, phone));
        return out;
    }

    private byte[] secret() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT opt_out_secret FROM campaign_settings WHERE chain_id = ?")) {
            ps.setLong(1, chain.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long launched(String extra) {
        long id = admin().body("{\"name\": \"Weekend\", \"templates\": {\"en\": \"Hi {name}\"}, \"send_at\": \""
                + noon().minusSeconds(3600) + "\"" + extra + "}").post(CAMPAIGNS).then().statusCode(201).extract().jsonPath()
                .getLong("id");
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        return id;
    }

    private CampaignJob.Summary run(Instant at) throws Exception {
        CampaignJob.Summary s = job.run(at, new CampaignJob.Options(false, false, true, Long.MAX_VALUE));
        System.out.println(s);
        return s;
    }

    @Test
    void theControlGroupIsTheShareOfTheEligibleAudienceDrawnByTheKeyedHashAndNeverMessaged() throws Exception {
        List<Long> eligible = customers(2000, true, null);
        List<Long> withoutConsent = customers(50, false, null);
        long id = launched("");
        admin().get(CAMPAIGNS + "/" + id).then().statusCode(200).body("holdout_percent", equalTo(10));

        run(noon());

        Set<Long> control = heldOut(id);
        Set<Long> treated = treated(id);
        // 10 % of 2,000 is 200; the binomial's standard deviation is 13.4, so 150..250 fails once in 10^4 chains
        assertTrue(control.size() >= 150 && control.size() <= 250, "held out " + control.size() + " of 2000");
        assertEquals(2000, control.size() + treated.size(), "every eligible customer is in exactly one group");
        assertTrue(withoutConsent.stream().noneMatch(c -> control.contains(c) || treated.contains(c)),
                "both groups are drawn from the same eligible audience");
        Holdout holdout = new Holdout(secret(), id, 10);
        for (long c : eligible) {
            assertEquals(holdout.heldOut(c), control.contains(c), "customer " + c + " is where the keyed hash puts them");
        }
        Map<Long, String> phones = phones();
        Set<String> messaged = new TreeSet<>(gateway.received.stream().map(SmsMessage::phone).toList());
        assertEquals(treated.size(), gateway.received.size());
        assertTrue(control.stream().noneMatch(c -> messaged.contains(phones.get(c))), "no held-out customer got a message");

        admin().get(CAMPAIGNS + "/" + id + "/stats").then().statusCode(200).body("held_out", equalTo(control.size()))
                .body("audience", equalTo(2000)).body("skipped", equalTo(0)).body("sent", equalTo(treated.size()));
        admin().get(CAMPAIGNS + "/" + id).then().statusCode(200).body("held_out", equalTo(control.size()))
                .body("queued_count", equalTo(treated.size()));
        // recorded under the key the message would have had, at its planned send time, with nothing to send
        Instant planned = noon().minusSeconds(3600);
        assertEquals(control.size(), fixtures.queryLong("""
                SELECT count(*) FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND skip_reason = 'held_out'
                   AND occasion = '' AND text = '' AND parts = 0 AND promo_code IS NULL AND sent_at IS NULL
                   AND claimed_at IS NULL AND not_before = ?""", chain.id(), id,
                java.time.OffsetDateTime.ofInstant(noon(), java.time.ZoneOffset.UTC)),
                "a run at noon for a campaign due at " + planned + " plans its messages for noon");
    }

    @Test
    void twoWorkersAndAReRunAgreeOnTheGroupsAndNeverMessageAHeldOutCustomer() throws Exception {
        customers(300, true, null);
        long id = launched(", \"holdout_percent\": 30");
        gateway.delayMs = 1;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Instant at = noon();
        Callable<CampaignJob.Summary> worker = () -> run(at);
        List<Future<CampaignJob.Summary>> runs = pool.invokeAll(List.of(worker, worker));
        pool.shutdown();
        for (Future<CampaignJob.Summary> r : runs) {
            r.get();
        }
        Set<Long> control = heldOut(id);
        Set<Long> treated = treated(id);
        assertEquals(300, control.size() + treated.size());
        assertTrue(control.size() > 50 && control.size() < 130, "about 30 % of 300: " + control.size());

        // a customer who joins later and a rerun the next hour: the groups drawn stay as they are
        customers(40, true, null);
        fixtures.execute("UPDATE campaigns SET status = 'scheduled' WHERE chain_id = ? AND id = ?", chain.id(), id);
        run(at.plusSeconds(3600));
        Set<Long> controlAfter = heldOut(id);
        assertTrue(controlAfter.containsAll(control), "nobody left the control group");
        Set<Long> treatedAfter = treated(id);
        assertTrue(treatedAfter.containsAll(treated), "nobody left the treated group");
        assertTrue(control.stream().noneMatch(treatedAfter::contains), "nobody moved from control to treated");

        Map<Long, String> phones = phones();
        Set<String> messaged = new TreeSet<>();
        for (SmsMessage m : gateway.received) {
            assertTrue(messaged.add(m.phone()), "one message per customer: " + m.phone());
        }
        assertTrue(controlAfter.stream().noneMatch(c -> messaged.contains(phones.get(c))), "no held-out customer got a message");
        assertEquals(treatedAfter.size(), messaged.size());
    }

    @Test
    void aHeldOutCustomerGetsNoPersonalPromoCode() throws Exception {
        customers(200, true, null);
        long id = admin().body("""
                {"name": "Codes", "templates": {"en": "Your code {promo_code}"}, "holdout_percent": 50, "send_at": "%s",
                 "personal_promo": {"kind": "percent", "percent": 10, "valid_days": 7, "prefix": "HO"}}"""
                .formatted(noon().minusSeconds(3600))).post(CAMPAIGNS).then().statusCode(201).extract().jsonPath().getLong("id");
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        run(noon());

        Set<Long> control = heldOut(id);
        Set<Long> treated = treated(id);
        assertFalse(control.isEmpty());
        PersonalPromo promo = new PersonalPromo("percent", java.math.BigDecimal.TEN, null, null, 7, "HO");
        byte[] secret = secret();
        for (long c : control) {
            String code = PersonalCodes.code(secret, promo, id, c);
            assertEquals(0, fixtures.queryLong("SELECT count(*) FROM promo_codes WHERE chain_id = ? AND code = ?", chain.id(), code),
                    "no code was made for held-out customer " + c);
        }
        assertEquals(treated.size(), fixtures.queryLong("SELECT count(*) FROM promo_codes WHERE chain_id = ? AND code LIKE 'HO%'",
                chain.id()));
        assertTrue(gateway.received.stream().allMatch(m -> m.text().startsWith("Your code HO")));
    }

    @Test
    void heldOutBirthdayCustomersGetNoGreetingAndNoGreetingPointsUntilTheyShop() throws Exception {
        String doc = """
                {"point_value_minor": 100, "earn_mode": "bonus", "earn_on": "paid_amount", "max_redeem_share_pct": 30,
                 "min_line_price_pct": 0, "accrual_delay_days": 14, "expiry_days": 365, "hold_ttl_minutes": 15,
                 "tiers": [{"code": "base", "name": "Base", "min_spend_minor": 0, "rate_pct": 5}], "categories": [],
                 "multipliers": [], "welcome_points": 0, "birthday": {"points": 300, "multiplier": null, "window_days": 3},
                 "referral": null, "promo_stacking": true}""";
        admin().body(doc).put("/api/admin/v1/program").then().statusCode(200);
        admin().body("{\"birthday\": {\"enabled\": true, \"holdout_percent\": 50}}").put(CAMPAIGNS + "/settings").then()
                .statusCode(200).body("birthday.holdout_percent", equalTo(50)).body("win_back.holdout_percent", equalTo(10));
        // a zone where it is afternoon, as CampaignJobTest's birthday tests do
        int offset = 15 - ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour();
        offset = offset < -12 ? offset + 24 : offset > 14 ? offset - 24 : offset;
        ZoneId zone = ZoneId.of(offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" + offset : "+" + (-offset)));
        till = fixtures.till(chain.id(), zone.getId(), null);
        Instant at = Instant.now().plusSeconds(2);
        customers(60, true, at.atZone(zone).toLocalDate().minusYears(30));

        run(at);
        run(at.plusSeconds(600));
        long birthday = fixtures.queryLong("SELECT id FROM campaigns WHERE chain_id = ? AND kind = 'birthday'", chain.id());
        Set<Long> control = heldOut(birthday);
        Set<Long> treated = treated(birthday);
        assertEquals(60, control.size() + treated.size());
        assertFalse(control.isEmpty());
        assertFalse(treated.isEmpty());
        assertEquals(treated.size(), gateway.received.size(), "one greeting per treated customer, none to the control");
        for (long c : control) {
            assertEquals(0, fixtures.queryLong("SELECT count(*) FROM ledger_entries WHERE customer_id = ? AND kind = 'birthday'", c));
        }
        for (long c : treated) {
            assertEquals(300, fixtures.queryLong("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE customer_id = ? AND kind = 'birthday'", c));
        }
        // the share is fixed now that the greeting has run
        admin().body("{\"birthday\": {\"enabled\": true, \"holdout_percent\": 20}}").put(CAMPAIGNS + "/settings").then()
                .statusCode(409).body("type", org.hamcrest.Matchers.endsWith("/holdout-locked"))
                .body("field", equalTo("birthday.holdout_percent"));
        admin().get(CAMPAIGNS + "/settings").then().statusCode(200).body("birthday.holdout_percent", equalTo(50));
        // the unchanged share may be sent back with the rest of the settings
        admin().body("{\"birthday\": {\"enabled\": true, \"holdout_percent\": 50}, \"weekly_cap\": 3}").put(CAMPAIGNS + "/settings")
                .then().statusCode(200).body("weekly_cap", equalTo(3));
    }

    @Test
    void zeroPercentHoldsOutNobody() throws Exception {
        customers(300, true, null);
        long id = launched(", \"holdout_percent\": 0");
        run(noon());
        assertTrue(heldOut(id).isEmpty());
        assertEquals(300, gateway.received.size());
    }

    @Test
    void theDryRunShowsTheSplitTheRunThenMakes() throws Exception {
        customers(500, true, null);
        // the chain's secret exists before the dry run (a chain that never saved settings gets it on its first run)
        admin().body("{\"weekly_cap\": 2}").put(CAMPAIGNS + "/settings").then().statusCode(200);
        long id = launched(", \"holdout_percent\": 20");
        List<String> lines = new ArrayList<>();
        job.run(noon(), new CampaignJob.Options(true, false, true, Long.MAX_VALUE), lines::add);
        assertTrue(gateway.received.isEmpty());
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE chain_id = ?", chain.id()));
        String line = lines.stream().filter(l -> l.contains("campaign " + id + " ")).findFirst().orElseThrow();
        admin().post(CAMPAIGNS + "/" + id + "/preview").then().statusCode(200);

        run(noon());
        int control = heldOut(id).size();
        assertTrue(line.contains("audience 500, treated " + (500 - control) + ", held out " + control + ","), line);
    }

    @Test
    void aShareOutsideZeroToFiftyIsRefusedNamingTheFieldAndChangesNothing() {
        for (String bad : List.of("51", "-1", "100")) {
            admin().body("{\"name\": \"X\", \"templates\": {\"en\": \"Hi\"}, \"holdout_percent\": " + bad + "}").post(CAMPAIGNS)
                    .then().statusCode(400).body("errors.field", hasItem("holdout_percent"));
        }
        for (String bad : List.of("\"ten\"", "10.5", "[10]")) {
            admin().body("{\"name\": \"X\", \"templates\": {\"en\": \"Hi\"}, \"holdout_percent\": " + bad + "}").post(CAMPAIGNS)
                    .then().statusCode(400);
        }
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM campaigns WHERE chain_id = ? AND kind = 'promo'", chain.id()));

        long id = admin().body("{\"name\": \"X\", \"templates\": {\"en\": \"Hi\"}, \"holdout_percent\": 25}").post(CAMPAIGNS)
                .then().statusCode(201).body("holdout_percent", equalTo(25)).extract().jsonPath().getLong("id");
        admin().body("{\"name\": \"Y\", \"templates\": {\"en\": \"Hi\"}, \"holdout_percent\": 60}").put(CAMPAIGNS + "/" + id)
                .then().statusCode(400).body("errors.field", hasItem("holdout_percent"));
        admin().get(CAMPAIGNS + "/" + id).then().body("holdout_percent", equalTo(25)).body("name", equalTo("X"));
        // an update that leaves the share out keeps it
        admin().body("{\"name\": \"Y\", \"templates\": {\"en\": \"Hi\"}}").put(CAMPAIGNS + "/" + id).then().statusCode(200)
                .body("holdout_percent", equalTo(25));

        admin().body("{\"win_back\": {\"enabled\": true, \"holdout_percent\": 51}, \"welcome\": {\"holdout_percent\": -5}}")
                .put(CAMPAIGNS + "/settings").then().statusCode(400).body("errors.field", hasItem("win_back.holdout_percent"))
                .body("errors.field", hasItem("welcome.holdout_percent"));
        admin().get(CAMPAIGNS + "/settings").then().statusCode(200).body("win_back.enabled", equalTo(false))
                .body("win_back.holdout_percent", equalTo(10)).body("welcome.holdout_percent", equalTo(10))
                .body("expiring_points.holdout_percent", equalTo(10));
    }

    @Test
    void theShareOfACampaignThatHasRunCannotChange() throws Exception {
        customers(20, true, null);
        long id = launched(", \"holdout_percent\": 20");
        run(noon());
        String type = admin().body("{\"name\": \"Weekend\", \"templates\": {\"en\": \"Hi {name}\"}, \"holdout_percent\": 0}")
                .put(CAMPAIGNS + "/" + id).then().statusCode(409).body("field", equalTo("holdout_percent"))
                .extract().jsonPath().getString("type");
        assertTrue(type.endsWith("/holdout-locked"), type);
        admin().get(CAMPAIGNS + "/" + id).then().body("holdout_percent", equalTo(20));

        // a trigger: the share may change until its standing campaign has queued or held out anyone
        admin().body("{\"welcome\": {\"enabled\": true, \"holdout_percent\": 40}}").put(CAMPAIGNS + "/settings").then()
                .statusCode(200).body("welcome.holdout_percent", equalTo(40));
        run(noon().plusSeconds(60));
        long welcome = fixtures.queryLong("SELECT id FROM campaigns WHERE chain_id = ? AND kind = 'welcome'", chain.id());
        assertEquals(40, fixtures.queryLong("SELECT holdout_percent FROM campaigns WHERE id = ?", welcome));
        assertFalse(heldOut(welcome).isEmpty());
        admin().body("{\"welcome\": {\"enabled\": true, \"holdout_percent\": 10}}").put(CAMPAIGNS + "/settings").then()
                .statusCode(409).body("field", equalTo("welcome.holdout_percent"));
        assertEquals(40, fixtures.queryLong("SELECT holdout_percent FROM campaigns WHERE id = ?", welcome));
    }

    @Test
    void anotherChainNeitherSeesNorChangesTheShareAndDrawsItsOwnGroups() throws Exception {
        customers(100, true, null);
        long id = admin().body("{\"name\": \"X\", \"templates\": {\"en\": \"Hi\"}, \"holdout_percent\": 25}").post(CAMPAIGNS)
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.Chain other = fixtures.chain();
        admin(other).get(CAMPAIGNS + "/" + id).then().statusCode(404);
        admin(other).get(CAMPAIGNS + "/" + id + "/stats").then().statusCode(404);
        admin(other).body("{\"name\": \"X\", \"templates\": {\"en\": \"Hi\"}, \"holdout_percent\": 0}").put(CAMPAIGNS + "/" + id)
                .then().statusCode(404);
        admin().get(CAMPAIGNS + "/" + id).then().body("holdout_percent", equalTo(25));
        // a trigger's share is the chain's own
        admin(other).body("{\"win_back\": {\"holdout_percent\": 33}}").put(CAMPAIGNS + "/settings").then().statusCode(200);
        admin().get(CAMPAIGNS + "/settings").then().body("win_back.holdout_percent", equalTo(10));
        admin(other).get(CAMPAIGNS + "/settings").then().body("win_back.holdout_percent", equalTo(33));
        // a franchisee is not head office
        long franchisee = fixtures.franchisee(chain.id(), "North");
        String email = fixtures.franchiseeUser(chain.id(), franchisee, "franchisee-password");
        given().auth().preemptive().basic(email, "franchisee-password").get(CAMPAIGNS + "/" + id).then().statusCode(403);
        // the same customer ids under another chain's secret fall into other groups
        Holdout ours = new Holdout(new byte[] { 1 }, id, 50);
        Holdout theirs = new Holdout(new byte[] { 2 }, id, 50);
        long differ = java.util.stream.LongStream.range(1, 1001).filter(c -> ours.heldOut(c) != theirs.heldOut(c)).count();
        assertTrue(differ > 350 && differ < 650, "independent draws disagree about half the time: " + differ);
    }
}
