package io.kopilka.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.kopilka.support.Fixtures;

/**
 * A campaign whose true effect is known: {@code customers} customers, every tenth held out, the control coming
 * back within 30 days of the send with probability {@code controlRate} and the treated with {@code treatedRate},
 * each returning customer spending the same 500.00 once (a seeded RNG decides who and when). Every customer also
 * bought once before the send (at {@code before[i % before.length]}), and some buy again after the window, which
 * the report must ignore. The outbox rows are written as the holdout contract describes them (held out: skipped,
 * {@code held_out}, not_before = the planned send), and the report rollups refreshed.
 */
final class SyntheticCampaign {

    static final long SPEND_MINOR = 50_000;
    static final Duration SENT_AGO = Duration.ofDays(45);
    private static final java.util.concurrent.atomic.AtomicInteger BATCH = new java.util.concurrent.atomic.AtomicInteger();

    private SyntheticCampaign() {
    }

    record Built(long campaignId, List<Long> customerIds, Instant sendAt) {
    }

    static Built build(Fixtures fixtures, long chainId, Fixtures.Till at, List<Fixtures.Till> before, int customers,
            double controlRate, double treatedRate, long seed) {
        Instant sendAt = Instant.now().minus(SENT_AGO);
        String tag = "U" + Long.toString(System.nanoTime(), 36);
        fixtures.execute("""
                INSERT INTO customers (chain_id, phone, name, language, home_store_id, referral_code, sms_consent, created_at)
                SELECT ?, '+7903' || lpad((n + ?)::text, 7, '0'), 'Synthetic ' || n, 'ru', ?, ? || n, true, ?::timestamptz - interval '200 days'
                  FROM generate_series(1, ?) n""",
                chainId, BATCH.getAndAdd(customers), at.storeId(), tag, java.sql.Timestamp.from(sendAt), customers);
        List<Long> ids = new ArrayList<>();
        for (long c0 = fixtures.queryLong("SELECT min(id) FROM customers WHERE chain_id = ? AND referral_code LIKE ? || '%'",
                chainId, tag), i = 0; i < customers; i++) {
            ids.add(c0 + i);
        }
        long campaign = fixtures.queryLong("""
                INSERT INTO campaigns (chain_id, kind, name, status, audience, templates, send_at, launched_at, finished_at)
                VALUES (?, 'promo', ?, 'done', '{}', '{"ru": "Ждём вас!"}', ?, ?, ?) RETURNING id""",
                chainId, "Synthetic " + tag, ts(sendAt), ts(sendAt), ts(sendAt));
        fixtures.execute("""
                INSERT INTO sms_outbox (chain_id, campaign_id, customer_id, phone, language, text, parts, status, skip_reason,
                                        not_before, sent_at)
                SELECT c.chain_id, ?, c.id, c.phone, 'ru', 'Ждём вас!', 1,
                       CASE WHEN (c.id - ?) % 10 = 0 THEN 'skipped' ELSE 'delivered' END,
                       CASE WHEN (c.id - ?) % 10 = 0 THEN 'held_out' END,
                       ?, CASE WHEN (c.id - ?) % 10 = 0 THEN NULL ELSE ?::timestamptz + (c.id % 7) * interval '1 minute' END
                  FROM customers c WHERE c.chain_id = ? AND c.referral_code LIKE ? || '%'""",
                campaign, ids.get(0), ids.get(0), ts(sendAt), ids.get(0), ts(sendAt), chainId, tag);
        Random rnd = new Random(seed);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            long id = ids.get(i);
            Fixtures.Till earlier = before.get(i % before.size());
            rows.add(row(chainId, earlier, tag + "b" + i, id, sendAt.minus(Duration.ofDays(1 + rnd.nextInt(60)))));
            boolean held = i % 10 == 0;
            if (rnd.nextDouble() < (held ? controlRate : treatedRate)) {
                // within the 30 days after the send (an hour in, at the earliest: after sent_at's jitter too)
                rows.add(row(chainId, at, tag + "r" + i, id, sendAt.plus(Duration.ofHours(1))
                        .plusSeconds(rnd.nextInt(29 * 86_400))));
            }
            if (rnd.nextDouble() < 0.3) {
                rows.add(row(chainId, at, tag + "l" + i, id, sendAt.plus(Duration.ofDays(31 + rnd.nextInt(10)))));
            }
        }
        for (int from = 0; from < rows.size(); from += 2000) {
            fixtures.execute("""
                    INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at,
                                          status, rules_version, total_minor, discount_minor, paid_by_points_minor,
                                          to_pay_minor, points_redeemed, points_earned, result) VALUES """
                    + String.join(",", rows.subList(from, Math.min(rows.size(), from + 2000))));
        }
        refresh(chainId);
        return new Built(campaign, ids, sendAt);
    }

    /** What the report refresher does every few minutes: the report reads its rollup. */
    static void refresh(long chainId) {
        io.quarkus.arc.Arc.container().instance(ReportRollups.class).get().refreshChain(chainId, Instant.now());
    }

    static String row(long chainId, Fixtures.Till till, String no, long customerId, Instant at) {
        return "(" + chainId + "," + till.storeId() + "," + till.terminalId() + ",'" + no + "','\\x00'::bytea," + customerId
                + ",'" + at + "'::timestamptz,'confirmed',1," + SPEND_MINOR + ",0,0," + SPEND_MINOR + ",0,25,'{}'::jsonb)";
    }

    private static java.sql.Timestamp ts(Instant i) {
        return java.sql.Timestamp.from(i);
    }
}
