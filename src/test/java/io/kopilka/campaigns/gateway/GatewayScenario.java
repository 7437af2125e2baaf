package io.kopilka.campaigns.gateway;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import io.kopilka.campaigns.CampaignJob;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A chain with a Moscow till whose campaigns go out through whichever gateway the test profile configures. */
public final class GatewayScenario {

    private static final String CAMPAIGNS = "/api/admin/v1/campaigns";

    private final Fixtures fixtures;
    private final Fixtures.Chain chain;
    private final Fixtures.Till till;

    public GatewayScenario(Fixtures fixtures) {
        this.fixtures = fixtures;
        this.chain = fixtures.chain();
        this.till = fixtures.till(chain.id(), "Europe/Moscow", null);
        // only this chain's messages in the runs of this test
        fixtures.execute("""
                INSERT INTO campaign_settings (chain_id, document, opt_out_secret)
                SELECT id, '{"birthday": {"enabled": false}}'::jsonb, '\\x00'::bytea FROM chains WHERE id <> ?
                ON CONFLICT (chain_id) DO UPDATE SET document = jsonb_set(campaign_settings.document, '{birthday,enabled}', 'false')""",
                chain.id());
        // (rows left claimed by a run another test killed included)
        fixtures.execute("UPDATE sms_outbox SET status = 'skipped' WHERE status IN ('queued', 'sending') AND chain_id <> ?", chain.id());
    }

    /** A customer with SMS consent; returns the phone (E.164). */
    public String customer(String name, String language) {
        return customer(name, language, PosApi.newPhone());
    }

    /** A customer of this chain with this phone (another chain may have one with the same phone). */
    public String customer(String name, String language, String phone) {
        PosApi.as(till).body("{\"phone\": \"" + phone + "\", \"name\": \"" + name + "\", \"language\": \"" + language
                + "\", \"sms_consent\": true}").post(PosApi.CUSTOMERS).then().statusCode(201);
        return phone;
    }

    /** A launched promo campaign, due since an hour before {@link #noon()}; returns its id. */
    public long launch(String ru, String en) {
        String body = "{\"name\": \"Gateway test\", \"templates\": {\"ru\": \"" + ru + "\", \"en\": \"" + en + "\"}, \"send_at\": \""
                + noon().minusSeconds(3600) + "\"}";
        long id = admin().body(body).post(CAMPAIGNS).then().statusCode(201).extract().jsonPath().getLong("id");
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        return id;
    }

    public CampaignJob.Summary run(CampaignJob job, Instant at) throws Exception {
        CampaignJob.Summary s = job.run(at, new CampaignJob.Options(false, false, true, Long.MAX_VALUE));
        System.out.println(s);
        return s;
    }

    public String outbox(String column, String phone) {
        return fixtures.queryString("SELECT " + column + "::text FROM sms_outbox WHERE chain_id = ? AND phone = ?", chain.id(), phone);
    }

    public long count(long campaignId, String status) {
        return fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND status = ?",
                chain.id(), campaignId, status);
    }

    /** Each message of the campaign that is not in the given status, with its status and stored error; empty when none. */
    public String othersThan(long campaignId, String status) {
        return fixtures.queryString("SELECT coalesce(string_agg(id || ' ' || status || ': ' || coalesce(error, ''), '; ' ORDER BY id), '')"
                + " FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND status <> ?", chain.id(), campaignId, status);
    }

    public long chainId() {
        return chain.id();
    }

    public boolean hasConsent(String phone) {
        return fixtures.queryLong("SELECT count(*) FROM customers WHERE chain_id = ? AND phone = ? AND sms_consent", chain.id(), phone) == 1;
    }

    public RequestSpecification admin() {
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType(ContentType.JSON);
    }

    /** The last noon in Moscow: outside the quiet hours. */
    public static Instant noon() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Moscow"));
        ZonedDateTime noon = now.with(LocalTime.NOON);
        return (noon.isAfter(now) ? noon.minusDays(1) : noon).toInstant();
    }

    /** A free local port, the same for every class loader of the test JVM once chosen under this name. */
    public static synchronized int freePort(String name) {
        String port = System.getProperty(name);
        if (port == null) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = Integer.toString(s.getLocalPort());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            System.setProperty(name, port);
        }
        return Integer.parseInt(port);
    }

    /** Polls until the condition holds (receipts arrive on another thread). */
    public static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
