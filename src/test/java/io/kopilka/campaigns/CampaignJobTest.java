package io.kopilka.campaigns;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kopilka.campaigns.gateway.DeliveryReports;
import io.kopilka.campaigns.gateway.DeliveryStatus;
import io.kopilka.campaigns.gateway.SmsMessage;
import io.kopilka.campaigns.gateway.SmsSender;
import io.kopilka.pos.PosApi;
import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The batch job end to end: campaigns through the API, the job run in-process, a recording gateway. */
@QuarkusTest
@TestProfile(CampaignJobTest.TillsOfAnotherProcess.class)
class CampaignJobTest {

    /** The tests' tills run under their own name ({@link BusyTill}); the job in the test JVM is under the API's. */
    public static class TillsOfAnotherProcess implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kopilka.campaigns.till-application-names", "till-42");
        }
    }

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final String CAMPAIGNS = "/api/admin/v1/campaigns";

    @Inject
    Fixtures fixtures;

    @Inject
    CampaignJob job;

    @Inject
    DeliveryReports reports;

    @Inject
    JobStop stop;

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
        return given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).contentType(ContentType.JSON);
    }

    /** The last noon in Moscow: daytime for the quiet hours, and in the past so receipts can follow it. */
    private static Instant noon() {
        ZonedDateTime now = ZonedDateTime.now(MOSCOW);
        ZonedDateTime noon = now.with(LocalTime.NOON);
        return (noon.isAfter(now) ? noon.minusDays(1) : noon).toInstant();
    }

    private long customer(String name, String language, boolean consent) {
        String phone = PosApi.newPhone();
        String body = "{\"phone\": \"" + phone + "\", \"name\": \"" + name + "\", \"language\": \"" + language
                + "\", \"sms_consent\": " + consent + "}";
        return PosApi.as(till).body(body).post(PosApi.CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
    }

    private String phone(long customerId) {
        return fixtures.queryString("SELECT phone FROM customers WHERE id = ?", customerId);
    }

    private long campaign(String body) {
        return admin().body(body).post(CAMPAIGNS).then().statusCode(201).body("status", equalTo("draft"))
                .extract().jsonPath().getLong("id");
    }

    /** A campaign due since an hour before {@link #noon()}, so runs at noon send it. */
    private static String promo(String ru, String en, String extra) {
        return "{\"name\": \"Weekend\", \"templates\": {\"ru\": \"" + ru + "\", \"en\": \"" + en + "\"}, \"send_at\": \""
                + noon().minusSeconds(3600) + "\"" + extra + "}";
    }

    /** A zone in which it is afternoon right now, for runs at the real time (programme changes take effect now). */
    private static ZoneId afternoonZone() {
        int hour = ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour();
        int offset = 15 - hour;
        if (offset < -12) {
            offset += 24;
        } else if (offset > 14) {
            offset -= 24;
        }
        return ZoneId.of(offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" + offset : "+" + (-offset)));
    }

    /** {@code n} new customers with consent, and a launched promo campaign due at noon; returns its id. */
    private long launchedPromoTo(int n) {
        for (int i = 0; i < n; i++) {
            customer("C" + i, "en", true);
        }
        long id = campaign(promo("a", "Hi {name}", ""));
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        return id;
    }

    private CampaignJob.Summary run(Instant at) throws Exception {
        CampaignJob.Summary s = job.run(at, new CampaignJob.Options(false, false, true, Long.MAX_VALUE));
        System.out.println(s);
        return s;
    }

    private long status(long campaignId, String status) {
        return fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE chain_id = ? AND campaign_id = ? AND status = ?",
                chain.id(), campaignId, status);
    }

    @Test
    void aRunToldToWaitForDeliveryReceiptsEndsOnlyWhenTheyHaveArrived() throws Exception {
        customer("Анна", "ru", true);
        customer("John", "en", true);
        ScheduledExecutorService smsc = Executors.newSingleThreadScheduledExecutor();
        gateway.afterSend = gatewayId -> smsc.schedule(() -> reports.delivered(gatewayId, DeliveryStatus.DELIVERED,
                Instant.now()), 700, TimeUnit.MILLISECONDS);
        try {
            long id = campaign(promo("Скидка 10%", "10% off", ""));
            admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
            CampaignJob.Summary s = job.run(noon(), new CampaignJob.Options(false, false, true, Long.MAX_VALUE,
                    java.time.Duration.ofSeconds(20)));
            assertEquals(2, s.sent(), s.toString());
            assertEquals(2, status(id, "delivered"), "the run stayed until both receipts came: " + s);
            assertTrue(s.toString().contains("0 sent messages still without one"), s.toString());

            gateway.afterSend = gatewayId -> {
            };
            long next = campaign(promo("Ещё скидка", "More off", ""));
            admin().post(CAMPAIGNS + "/" + next + "/launch").then().statusCode(200);
            CampaignJob.Summary silent = job.run(noon().plusSeconds(60), new CampaignJob.Options(false, false, true,
                    Long.MAX_VALUE, java.time.Duration.ofSeconds(1)));
            assertTrue(silent.toString().contains("2 sent messages still without one"), "the wait has an end: " + silent);
            assertEquals(2, status(next, "sent"));
        } finally {
            smsc.shutdownNow();
        }
    }

    @Test
    void aCampaignIsPreviewedThenSentOnceInEachCustomersLanguageOnlyToThoseWithConsent() throws Exception {
        long anna = customer("Анна", "ru", true);
        long john = customer("John", "en", true);
        long silent = customer("Пётр", "ru", false);
        long id = campaign(promo("{name}, скидка 10% в выходные в {store}!", "{name}, 10% off this weekend at {store}!", ""));

        admin().post(CAMPAIGNS + "/" + id + "/preview").then().statusCode(200)
                .body("audience", equalTo(2))
                .body("by_language.ru.recipients", equalTo(1))
                .body("by_language.en.recipients", equalTo(1))
                .body("currency", equalTo("RUB"))
                // Cyrillic is UCS-2: the Russian text with its opt-out line takes 2 parts, the English one 1
                .body("sms_parts", equalTo(3))
                .body("cost_minor", equalTo(3 * 350));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE campaign_id = ?", id), "a preview writes nothing");

        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200).body("status", equalTo("scheduled"));
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(409);
        CampaignJob.Summary first = run(noon());
        assertEquals(2, first.sent(), first.toString());

        List<SmsMessage> toAnna = gateway.to(phone(anna));
        assertEquals(1, toAnna.size());
        assertTrue(toAnna.get(0).text().startsWith("Анна, скидка 10% в выходные в Store "), toAnna.get(0).text());
        assertTrue(toAnna.get(0).text().contains("Отписаться: http"), toAnna.get(0).text());
        assertTrue(gateway.to(phone(john)).get(0).text().startsWith("John, 10% off this weekend at Store "));
        assertTrue(gateway.to(phone(silent)).isEmpty());

        CampaignJob.Summary second = run(noon().plusSeconds(60));
        assertEquals(0, second.sent() + second.queued(), "a second run sends nothing again");
        assertEquals(2, gateway.received.size());
        admin().get(CAMPAIGNS + "/" + id).then().body("status", equalTo("done")).body("queued_count", equalTo(2));

        reports.delivered("gw-" + fixtures.queryLong("SELECT id FROM sms_outbox WHERE customer_id = ?", anna),
                DeliveryStatus.DELIVERED, Instant.now());
        // Anna comes back and buys: the campaign's effect
        PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), phone(anna), null, 50000)).statusCode(201);
        admin().get(CAMPAIGNS + "/" + id + "/stats").then().statusCode(200)
                .body("audience", equalTo(2)).body("sent", equalTo(2)).body("delivered", equalTo(1))
                .body("returned_within_14_days", equalTo(1));
    }

    @Test
    void badCampaignsAreRefusedWithEveryMistakeNamed() {
        admin().body("{\"name\": \"\", \"templates\": {\"xx\": \"hi\", \"ru\": \"{nmae}\"}, \"weekly_cap\": 0,"
                + " \"audience\": {\"segments\": [\"vip\"], \"birthday_month\": 13}}").post(CAMPAIGNS).then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("templates.xx"))
                .body("errors.field", hasItem("templates.ru")).body("errors.field", hasItem("weekly_cap"))
                .body("errors.field", hasItem("audience.segments")).body("errors.field", hasItem("audience.birthday_month"));
        admin().body(promo("код {promo_code}", "code {promo_code}", "")).post(CAMPAIGNS).then().statusCode(400)
                .body("errors.field", hasItem("personal_promo"));
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM campaigns WHERE chain_id = ?", chain.id()));
        Fixtures.Chain other = fixtures.chain();
        long id = campaign(promo("a", "b", ""));
        given().auth().preemptive().basic(other.adminEmail(), other.adminPassword()).get(CAMPAIGNS + "/" + id).then().statusCode(404);
    }

    @Test
    void personalPromoCodesAreMadeOncePerRecipientAndWorkAtTheTill() throws Exception {
        long anna = customer("Anna", "en", true);
        long id = campaign(promo("код {promo_code}", "Your code {promo_code}",
                ", \"personal_promo\": {\"kind\": \"fixed\", \"amount_minor\": 5000, \"valid_days\": 14, \"prefix\": \"WK\"}"));
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        run(noon());
        run(noon().plusSeconds(60));
        String text = gateway.to(phone(anna)).get(0).text();
        String code = text.substring("Your code ".length(), text.indexOf(' ', "Your code ".length()));
        assertTrue(code.startsWith("WK") && code.length() == 10, code);
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM promo_codes WHERE chain_id = ? AND code LIKE 'WK%'", chain.id()));
        Map<String, Object> receipt = PosApi.receiptMap(PosApi.newReceiptNo(), phone(anna), null, 20000);
        receipt.put("promo_codes", List.of(code));
        PosApi.record(till, PosApi.json(receipt)).statusCode(201).body("discount_minor", equalTo(5000));
    }

    @Test
    void quietHoursHoldMessagesUntilTheMorningInTheCustomersZone() throws Exception {
        Fixtures.Till east = fixtures.till(chain.id(), "Asia/Vladivostok", null);
        String phone = PosApi.newPhone();
        PosApi.as(east).body("{\"phone\": \"" + phone + "\", \"sms_consent\": true, \"language\": \"en\"}")
                .post(PosApi.CUSTOMERS).then().statusCode(201);
        long moscow = customer("M", "en", true);
        long id = campaign(promo("a", "Hello {name}", ""));
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        // 14:00 in Moscow is 21:00 in Vladivostok
        Instant at = noon().plusSeconds(2 * 3600);
        run(at);
        assertEquals(1, gateway.to(phone(moscow)).size());
        assertTrue(gateway.to(phone).isEmpty(), "never in the quiet hours");
        Instant morning = fixtures.queryInstant("SELECT not_before FROM sms_outbox WHERE phone = ?", phone);
        assertEquals(LocalTime.of(9, 0), morning.atZone(ZoneId.of("Asia/Vladivostok")).toLocalTime());
        run(at.plusSeconds(3600));
        assertTrue(gateway.to(phone).isEmpty(), "still night there");
        run(morning.plusSeconds(60));
        assertEquals(1, gateway.to(phone).size());
    }

    @Test
    void theWeeklyCapSkipsTheMessageThatWouldExceedIt() throws Exception {
        admin().body("{\"weekly_cap\": 1}").put(CAMPAIGNS + "/settings").then().statusCode(200).body("weekly_cap", equalTo(1));
        long anna = customer("Anna", "en", true);
        long first = campaign(promo("a", "First", ""));
        admin().post(CAMPAIGNS + "/" + first + "/launch").then().statusCode(200);
        run(noon());
        long second = campaign(promo("a", "Second", ""));
        admin().post(CAMPAIGNS + "/" + second + "/launch").then().statusCode(200);
        run(noon().plusSeconds(3600));
        assertEquals(List.of("First"), gateway.to(phone(anna)).stream().map(m -> m.text().split(" ")[0]).toList());
        assertEquals(1, fixtures.queryLong(
                "SELECT count(*) FROM sms_outbox WHERE campaign_id = ? AND status = 'skipped' AND skip_reason = 'weekly_cap'", second));
    }

    @Test
    void theDailyCapHoldsBackTheFourthMessageOfTheDayAndTheStatsSaySo() throws Exception {
        admin().body("{\"weekly_cap\": 10}").put(CAMPAIGNS + "/settings").then().statusCode(200);
        long anna = customer("Anna", "en", true);
        List<Long> campaigns = new ArrayList<>();
        for (String text : List.of("First", "Second", "Third", "Fourth")) {
            long id = campaign(promo("a", text, ""));
            admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
            campaigns.add(id);
        }
        run(noon());
        assertEquals(3, gateway.to(phone(anna)).size(), "kopilka.campaigns.max-sms-per-customer-per-day is 3");
        long heldBack = campaigns.stream().filter(id -> status(id, "skipped") == 1).findFirst().orElseThrow();
        admin().get(CAMPAIGNS + "/" + heldBack + "/stats").then().statusCode(200)
                .body("skipped", equalTo(1)).body("skipped_daily_cap", equalTo(1)).body("sent", equalTo(0));
        run(noon().plusSeconds(3600));
        assertEquals(3, gateway.to(phone(anna)).size(), "a held-back message is not sent later the same day");
    }

    @Test
    void anOptOutByLinkOrStopReplyStopsEveryLaterMessageAtOnce() throws Exception {
        long anna = customer("Anna", "en", true);
        long bob = customer("Bob", "en", true);
        long id = campaign(promo("a", "Offer for {name}", ""));
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        run(noon());
        String text = gateway.to(phone(anna)).get(0).text();
        String link = text.substring(text.indexOf("http"));
        String path = link.substring(link.indexOf("/u/"));
        given().get(path).then().statusCode(200).body(containsString("<form method=\"post\">"));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM customers WHERE id = ? AND sms_consent", anna),
                "opening the link (a messenger's preview) does not unsubscribe");
        given().post(path).then().statusCode(200).body(containsString("Done"));
        given().get("/u/1.2.AAAAAAAA").then().statusCode(404);
        reports.optOut(phone(bob), "smpp-stop", Instant.now());

        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM customers WHERE id IN (?, ?) AND sms_consent", anna, bob));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM consent_events WHERE customer_id = ? AND source = 'link' AND campaign_id = ?", anna, id));
        assertEquals(1, fixtures.queryLong("SELECT count(*) FROM consent_events WHERE customer_id = ? AND source = 'smpp-stop'", bob));
        admin().get(CAMPAIGNS + "/" + id + "/stats").then().body("opted_out", equalTo(2));

        // a message queued before the opt-out is not sent after it
        long next = campaign(promo("a", "Next", ""));
        long carl = customer("Carl", "en", true);
        admin().post(CAMPAIGNS + "/" + next + "/launch").then().statusCode(200);
        job.run(noon().plusSeconds(7200), new CampaignJob.Options(false, false, false, 0));
        assertEquals(1, status(next, "queued"));
        fixtures.execute("UPDATE customers SET sms_consent = false WHERE id = ?", carl);
        run(noon().plusSeconds(7300));
        assertTrue(gateway.to(phone(carl)).isEmpty());
        assertEquals(1, status(next, "skipped"));
    }

    @Test
    void aGatewayOutageEndsTheRunWithTheRestStillQueued() throws Exception {
        long id = launchedPromoTo(8);
        gateway.outageAfter = 3;
        CampaignJob.Summary down = run(noon());
        assertTrue(down.gatewayUnavailable());
        assertEquals(3, down.sent());
        assertEquals(5, status(id, "queued"), down.toString());
        gateway.outageAfter = Integer.MAX_VALUE;
        CampaignJob.Summary up = run(noon().plusSeconds(60));
        assertFalse(up.gatewayUnavailable());
        assertEquals(8, gateway.received.size());
        assertEquals(8, gateway.received.stream().map(SmsMessage::outboxId).distinct().count());
    }

    @Test
    void twoWorkersAtOnceSendEachMessageExactlyOnce() throws Exception {
        long id = launchedPromoTo(120);
        gateway.delayMs = 2;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Instant at = noon();
        Callable<CampaignJob.Summary> worker = () -> run(at);
        List<Future<CampaignJob.Summary>> runs = pool.invokeAll(List.of(worker, worker));
        pool.shutdown();
        long sent = 0;
        for (Future<CampaignJob.Summary> r : runs) {
            sent += r.get().sent();
        }
        assertEquals(120, sent);
        assertEquals(120, gateway.received.size());
        assertEquals(120, gateway.received.stream().map(SmsMessage::phone).distinct().count());
        assertEquals(120, status(id, "sent"));
    }

    @Test
    void eachStepIsShownAsSoonAsItIsDoneSoAKilledRunStillShowsWhatItDid() throws Exception {
        customer("Анна", "ru", true);
        customer("John", "en", true);
        long id = campaign(promo("a", "Hi {name}", ""));
        admin().post(CAMPAIGNS + "/" + id + "/launch").then().statusCode(200);
        gateway.killAt = 1;
        List<String> shown = new ArrayList<>();
        assertThrows(RecordingSender.Killed.class,
                () -> job.run(noon(), new CampaignJob.Options(false, false, true, Long.MAX_VALUE), shown::add));
        assertTrue(shown.get(0).startsWith("worker "), shown.toString());
        assertTrue(shown.stream().anyMatch(line -> line.contains("campaign " + id + " 'Weekend': audience 2,")
                && line.contains("newly queued 2")), shown.toString());
        assertFalse(shown.stream().anyMatch(line -> line.startsWith("sending:")), "sending never finished: " + shown);
    }

    @Test
    void besideBusyTillsTheJobQueuesInShortPagesAndRestsAfterEachMessage() throws Exception {
        long id = launchedPromoTo(60);
        CampaignJob.Summary busy;
        try (BusyTill ignored = new BusyTill()) {
            busy = run(noon());
        }
        assertTrue(busy.lines().stream().anyMatch(line -> line.contains("campaign " + id + " ")
                && line.contains("newly queued 60, 2 of 2 pages beside busy tills")), busy.toString());
        assertTrue(busy.lines().stream().anyMatch(line -> line.startsWith("sending: sent 60,")
                && line.contains("60 of 60 messages beside busy tills")), busy.toString());

        Thread.sleep(1100); // the till's last statement is more than a second old: the database is quiet
        long next = campaign(promo("a", "Hi again {name}", ""));
        admin().post(CAMPAIGNS + "/" + next + "/launch").then().statusCode(200);
        CampaignJob.Summary quiet = run(noon().plusSeconds(60));
        assertTrue(quiet.lines().stream().anyMatch(line -> line.contains("campaign " + next + " ")
                && line.contains("newly queued 60, 0 of 1 pages beside busy tills")), quiet.toString());
        assertTrue(quiet.lines().stream().anyMatch(line -> line.startsWith("sending: sent 60,")
                && line.contains("0 of 60 messages beside busy tills")), quiet.toString());
    }

    /** A till of another process: a session under its own application name that runs a statement every 100 ms. */
    private final class BusyTill implements AutoCloseable {
        private final Connection c = NamedSession.open(dataSource, "till-42");
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

        BusyTill() throws Exception {
            clock.scheduleAtFixedRate(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws Exception {
            clock.shutdown();
            clock.awaitTermination(5, TimeUnit.SECONDS);
            c.close();
        }
    }

    @Test
    void aStoppedRunFinishesTheMessageAtTheGatewayAndLeavesTheRestQueuedForTheNextRun() throws Exception {
        long id = launchedPromoTo(30);
        // systemctl stop while the fifth message is at the gateway
        gateway.afterSend = gatewayId -> {
            if (gateway.received.size() == 5) {
                stop.request();
            }
        };
        long sent;
        try {
            CampaignJob.Summary stopped = run(noon());
            // messages already handed to another of the in-flight threads when the stop came finish too: 5 or a few more
            sent = stopped.sent();
            assertEquals(gateway.received.size(), sent, "every message the gateway took is recorded as sent\n" + stopped);
            assertTrue(sent >= 5 && sent < 30, "the stop held back the messages not yet at the gateway\n" + stopped);
            assertEquals(sent, status(id, "sent"), "the messages at the gateway were recorded as sent");
            assertEquals(0, status(id, "sending"), "nothing is left claimed");
            assertEquals(30 - sent, status(id, "queued"));
            assertTrue(stopped.lines().contains("stopped on request: " + (30 - sent) + " due messages stay queued for the next run"),
                    stopped.toString());
        } finally {
            stop.reset();
        }
        CampaignJob.Summary next = run(noon().plusSeconds(60));
        assertEquals(30 - sent, next.sent(), next.toString());
        assertEquals(30, gateway.received.stream().map(SmsMessage::phone).distinct().count());
        assertEquals(30, gateway.received.size(), "nothing was sent twice");
    }

    @Test
    void theWorkerRunsAgainAtItsIntervalUntilItIsStopped() throws Exception {
        // the worker runs at the real time: a customer for whom it is afternoon now, outside the quiet hours
        till = fixtures.till(chain.id(), afternoonZone().getId(), null);
        customer("Анна", "ru", true);
        long first = campaign(promo("Скидка {name}", "Sale {name}", ""));
        admin().post(CAMPAIGNS + "/" + first + "/launch").then().statusCode(200);
        ExecutorService process = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> worker = process.submit(() -> command.run("run", "--no-housekeeping", "--every=1s"));
            awaitReceived(1);
            long second = campaign(promo("Ещё {name}", "More {name}", "").replace(noon().minusSeconds(3600).toString(),
                    Instant.now().minusSeconds(60).toString()));
            admin().post(CAMPAIGNS + "/" + second + "/launch").then().statusCode(200);
            awaitReceived(2);
            assertTrue(gateway.received.get(1).text().startsWith("Ещё Анна"), gateway.received.toString());
            stop.request();
            assertEquals(0, worker.get(10, TimeUnit.SECONDS), "a stopped worker exits with 0");
        } finally {
            stop.reset();
            process.shutdownNow();
        }
        assertEquals(2, gateway.received.size(), "each campaign once, however many runs");
        assertEquals(2, command.run("run", "--dry-run", "--every=10m"), "a dry run does not repeat");
        assertEquals(2, command.run("run", "--every=0s"));
        assertEquals(2, command.run("run", "--every=soon"));
    }

    private void awaitReceived(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (gateway.received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(n, gateway.received.size(), gateway.received.toString());
    }

    @Test
    void aRunKilledWhileSendingIsContinuedByTheNextWithoutSendingAnythingTwice() throws Exception {
        long id = launchedPromoTo(60);
        gateway.killAt = 20;
        assertThrows(RecordingSender.Killed.class, () -> run(noon()));
        assertTrue(gateway.received.size() >= 19, gateway.received.size() + " reached the gateway before the kill");
        assertTrue(status(id, "sending") > 0, "the dead run left claimed rows behind");

        gateway.killAt = Integer.MAX_VALUE;
        run(noon().plusSeconds(60));
        assertSentOnceOrUnknown(id, 60);
    }

    @Test
    void twoWorkersWithOneKilledMidwaySendEachMessageAtMostOnceAndLoseNone() throws Exception {
        long id = launchedPromoTo(200);
        gateway.delayMs = 5; // several messages of each worker are at the gateway when the kill comes
        gateway.killAt = 70;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Instant at = noon();
        Callable<CampaignJob.Summary> worker = () -> run(at);
        List<Future<CampaignJob.Summary>> runs = pool.invokeAll(List.of(worker, worker));
        pool.shutdown();
        int killed = 0;
        for (Future<CampaignJob.Summary> r : runs) {
            try {
                r.get();
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof RecordingSender.Killed, e.toString());
                killed++;
            }
        }
        assertEquals(1, killed, "one of the two workers died");

        gateway.killAt = Integer.MAX_VALUE;
        run(at.plusSeconds(60));
        assertSentOnceOrUnknown(id, 200);
    }

    /**
     * Every message of the campaign reached the gateway at most once; each is sent, or unknown because the worker
     * died while it was at the gateway (a kill cannot tell which of the messages in flight were taken).
     */
    private void assertSentOnceOrUnknown(long campaignId, int n) {
        Map<Long, Integer> perMessage = new HashMap<>();
        gateway.received.forEach(m -> perMessage.merge(m.outboxId(), 1, Integer::sum));
        assertTrue(perMessage.values().stream().allMatch(k -> k == 1), "nothing was sent twice");
        long sent = status(campaignId, "sent");
        long unknown = status(campaignId, "unknown");
        assertEquals(n, sent + unknown, "none lost: " + sent + " sent, " + unknown + " unknown");
        assertTrue(unknown >= 1, "the message at the gateway when the process died is not resent");
        assertTrue(unknown <= 40, unknown + " unknown: no more than what was in flight");
        assertEquals(0, status(campaignId, "sending") + status(campaignId, "queued"));
        assertEquals(sent, fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE campaign_id = ? AND status = 'sent'"
                + " AND gateway_message_id = 'gw-' || id", campaignId), "each sent message has the id the gateway gave it");
    }

    @Test
    void birthdayGreetingsGoOncePerYearWithTheBirthdayPoints() throws Exception {
        given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword()).get("/api/admin/v1/program").then().statusCode(200);
        String doc = """
                {"point_value_minor": 100, "earn_mode": "bonus", "earn_on": "paid_amount", "max_redeem_share_pct": 30,
                 "min_line_price_pct": 0, "accrual_delay_days": 14, "expiry_days": 365, "hold_ttl_minutes": 15,
                 "tiers": [{"code": "base", "name": "Base", "min_spend_minor": 0, "rate_pct": 5}], "categories": [],
                 "multipliers": [], "welcome_points": 0, "birthday": {"points": 300, "multiplier": null, "window_days": 3},
                 "referral": null, "promo_stacking": true}""";
        admin().body(doc).put("/api/admin/v1/program").then().statusCode(200);
        ZoneId zone = afternoonZone();
        till = fixtures.till(chain.id(), zone.getId(), null);
        Instant at = Instant.now().plusSeconds(2);
        LocalDate today = at.atZone(zone).toLocalDate();
        String phone = PosApi.newPhone();
        long anna = PosApi.as(till).body("{\"phone\": \"" + phone + "\", \"name\": \"Анна\", \"sms_consent\": true, \"birth_date\": \""
                + today.minusYears(30) + "\"}").post(PosApi.CUSTOMERS).then().statusCode(201).extract().jsonPath().getLong("customer_id");
        String noConsent = PosApi.newPhone();
        PosApi.as(till).body("{\"phone\": \"" + noConsent + "\", \"sms_consent\": false, \"birth_date\": \"" + today.minusYears(30)
                + "\"}").post(PosApi.CUSTOMERS).then().statusCode(201);
        String tomorrow = PosApi.newPhone();
        PosApi.as(till).body("{\"phone\": \"" + tomorrow + "\", \"sms_consent\": true, \"birth_date\": \"" + today.minusYears(30).plusDays(1)
                + "\"}").post(PosApi.CUSTOMERS).then().statusCode(201);

        job.run(at, new CampaignJob.Options(true, false, true, Long.MAX_VALUE));
        assertTrue(gateway.received.isEmpty(), "a dry run sends nothing");
        assertEquals(0, fixtures.queryLong("SELECT count(*) FROM sms_outbox WHERE customer_id = ?", anna), "and queues nothing");

        run(at);
        run(at.plusSeconds(3600));
        List<SmsMessage> greetings = gateway.to(phone);
        assertEquals(1, greetings.size());
        assertEquals("Анна, с днём рождения! Дарим вам 300 бонусов. Ждём вас в Store " + till.storeCode() + "!", greetings.get(0).text());
        assertTrue(gateway.to(noConsent).isEmpty());
        assertTrue(gateway.to(tomorrow).isEmpty());
        assertEquals(300, fixtures.queryLong("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE customer_id = ? AND kind = 'birthday'", anna));
        // the points came with the greeting, so the birthday receipt gives none again
        PosApi.record(till, PosApi.receipt(PosApi.newReceiptNo(), phone, null, 10000)).statusCode(201);
        assertEquals(300, fixtures.queryLong("SELECT coalesce(sum(points), 0) FROM ledger_entries WHERE customer_id = ? AND kind = 'birthday'", anna));
    }

    @Test
    void withoutBirthdayPointsTheGreetingIsTheChainsOwnTemplate() throws Exception {
        admin().body("{\"birthday\": {\"enabled\": true, \"templates\": {\"ru\": \"{name}, поздравляем! {store} ждёт вас, бонусов: {bonus_points}\","
                + " \"en\": \"{name}, many happy returns from {store}!\"}}}").put(CAMPAIGNS + "/settings").then().statusCode(200);
        ZoneId zone = afternoonZone();
        till = fixtures.till(chain.id(), zone.getId(), null);
        Instant at = Instant.now().plusSeconds(2);
        LocalDate today = at.atZone(zone).toLocalDate();
        String anna = PosApi.newPhone();
        PosApi.as(till).body("{\"phone\": \"" + anna + "\", \"name\": \"Анна\", \"sms_consent\": true, \"language\": \"ru\","
                + " \"birth_date\": \"" + today.minusYears(30) + "\"}").post(PosApi.CUSTOMERS).then().statusCode(201);
        String john = PosApi.newPhone();
        PosApi.as(till).body("{\"phone\": \"" + john + "\", \"name\": \"John\", \"sms_consent\": true, \"language\": \"en\","
                + " \"birth_date\": \"" + today.minusYears(40) + "\"}").post(PosApi.CUSTOMERS).then().statusCode(201);

        run(at);
        // the programme gives no birthday points: the chain's words are sent all the same, never a built-in text
        assertEquals(List.of("Анна, поздравляем! Store " + till.storeCode() + " ждёт вас, бонусов: 0"),
                gateway.to(anna).stream().map(SmsMessage::text).toList());
        assertEquals(List.of("John, many happy returns from Store " + till.storeCode() + "!"),
                gateway.to(john).stream().map(SmsMessage::text).toList());
    }

    @Test
    void theExpiringPointsTriggerTellsTheAmountAndTheDateOncePerExpiry() throws Exception {
        admin().body("{\"expiring_points\": {\"enabled\": true, \"days\": 7}}").put(CAMPAIGNS + "/settings").then().statusCode(200)
                .body("expiring_points.enabled", equalTo(true)).body("win_back.enabled", equalTo(false));
        ZoneId zone = afternoonZone();
        till = fixtures.till(chain.id(), zone.getId(), null);
        long soon = customer("Anna", "en", true);
        long later = customer("Bob", "en", true);
        PosApi.grant(fixtures, chain.id(), soon, 120, "5 days");
        PosApi.grant(fixtures, chain.id(), later, 90, "30 days");
        Instant at = Instant.now();
        run(at);
        run(at.plusSeconds(60));
        List<SmsMessage> toAnna = gateway.to(phone(soon));
        assertEquals(1, toAnna.size());
        String date = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy").format(
                fixtures.queryInstant("SELECT expires_at FROM point_lots WHERE customer_id = ?", soon).atZone(zone));
        assertTrue(toAnna.get(0).text().startsWith("Anna, 120 points expire on " + date), toAnna.get(0).text());
        assertTrue(gateway.to(phone(later)).isEmpty());
    }
}
