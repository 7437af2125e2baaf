package io.kopilka.admin.programme;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Transactions;
import io.kopilka.rules.Calculation;
import io.kopilka.rules.Programme;
import io.kopilka.rules.ReceiptCalculator;
import io.kopilka.rules.ReceiptInput;
import io.kopilka.rules.RuleRefusal;

/**
 * Replays a period's confirmed receipts under a draft programme, in memory, writing nothing. Receipts are
 * streamed (a server-side cursor), never loaded at once. What a simulation cannot know is said in
 * docs/adr/0012-programme-simulation.md: balances (a redemption is replayed as the same request, capped by the
 * draft's rules), promo codes, and how customers would have behaved under other rules.
 */
@ApplicationScoped
public class Simulation {

    /** Actual and simulated figures of one group of receipts. */
    public static final class Figures {
        public long receipts;
        public long actualPointsEarned;
        public long simulatedPointsEarned;
        public long actualPointsRedeemed;
        public long simulatedPointsRedeemed;
        public long actualDiscountMinor;
        public long simulatedDiscountMinor;

        void add(long earned, long simEarned, long redeemed, long simRedeemed, long discount, long simDiscount) {
            receipts++;
            actualPointsEarned += earned;
            simulatedPointsEarned += simEarned;
            actualPointsRedeemed += redeemed;
            simulatedPointsRedeemed += simRedeemed;
            actualDiscountMinor += discount;
            simulatedDiscountMinor += simDiscount;
        }
    }

    public record Group(String key, Figures figures) {
    }

    public record Report(LocalDate from, LocalDate to, int draftPointValueMinor, Figures total, long cappedRedemptions,
            List<Group> byTier, List<Group> byStore, long elapsedMs) {
    }

    private static final String RECEIPTS = """
            SELECT r.id, s.code, s.timezone, r.customer_id, c.tier_code, r.occurred_at, r.discount_minor,
                   r.points_redeemed, r.points_earned,
                   array_agg(l.amount_minor ORDER BY l.line_index), array_agg(l.qty ORDER BY l.line_index),
                   array_agg(l.category ORDER BY l.line_index)
              FROM receipts r
              JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id
              JOIN receipt_lines l ON l.chain_id = r.chain_id AND l.receipt_id = r.id
              LEFT JOIN customers c ON c.chain_id = r.chain_id AND c.id = r.customer_id
             WHERE r.chain_id = ? AND r.status = 'confirmed' AND r.occurred_at >= ? AND r.occurred_at < ?
               AND (?::text[] IS NULL OR s.code = ANY (?::text[]))
             GROUP BY r.chain_id, r.id, s.code, s.timezone, c.tier_code""";

    @Inject
    Transactions tx;

    public Report run(long chainId, Programme draft, LocalDate from, LocalDate to, List<String> stores) {
        long started = System.nanoTime();
        Figures total = new Figures();
        Map<String, Figures> byTier = new TreeMap<>();
        Map<String, Figures> byStore = new TreeMap<>();
        // read only, in a transaction so that the fetch size streams the receipts instead of loading them all
        long capped = tx.readOnly(Connection.TRANSACTION_READ_COMMITTED, c -> {
            long refused = 0;
            try (PreparedStatement ps = c.prepareStatement(RECEIPTS)) {
                ps.setFetchSize(5000);
                ps.setLong(1, chainId);
                // a day of margin on each side: the period is in each store's local days, checked below
                ps.setObject(2, from.minusDays(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC));
                ps.setObject(3, to.plusDays(2).atStartOfDay().atOffset(java.time.ZoneOffset.UTC));
                Array codes = stores == null || stores.isEmpty() ? null : c.createArrayOf("text", stores.toArray());
                ps.setArray(4, codes);
                ps.setArray(5, codes);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ZoneId zone = ZoneId.of(rs.getString(3));
                        OffsetDateTime at = rs.getObject(6, OffsetDateTime.class);
                        LocalDate day = at.atZoneSameInstant(zone).toLocalDate();
                        if (day.isBefore(from) || day.isAfter(to)) {
                            continue;
                        }
                        String store = rs.getString(2);
                        long customer = rs.getLong(4);
                        boolean known = !rs.wasNull();
                        String tier = rs.getString(5);
                        long discount = rs.getLong(7);
                        long redeemed = rs.getLong(8);
                        long earned = rs.getLong(9);
                        Long[] amounts = (Long[]) rs.getArray(10).getArray();
                        BigDecimal[] qtys = (BigDecimal[]) rs.getArray(11).getArray();
                        String[] categories = (String[]) rs.getArray(12).getArray();
                        List<ReceiptInput.Line> lines = new ArrayList<>(amounts.length);
                        for (int i = 0; i < amounts.length; i++) {
                            lines.add(new ReceiptInput.Line(amounts[i], qtys[i], categories[i]));
                        }
                        ReceiptInput.Occasion occasion = new ReceiptInput.Occasion(store, at.atZoneSameInstant(zone).toLocalDateTime(), false);
                        Calculation sim;
                        try {
                            sim = ReceiptCalculator.calculate(draft, input(lines, known, tier, redeemed, occasion,
                                    new ReceiptInput.Redeem(false, redeemed)));
                        } catch (RuleRefusal refusal) {
                            refused++;
                            sim = capped(draft, lines, known, tier, redeemed, occasion);
                        }
                        String tierKey = known ? draft.tier(tier).code() : "(anonymous)";
                        long simDiscount = sim.discountMinor();
                        total.add(earned, sim.pointsEarned(), redeemed, sim.pointsRedeemed(), discount, simDiscount);
                        byTier.computeIfAbsent(tierKey, k -> new Figures()).add(earned, sim.pointsEarned(), redeemed,
                                sim.pointsRedeemed(), discount, simDiscount);
                        byStore.computeIfAbsent(store, k -> new Figures()).add(earned, sim.pointsEarned(), redeemed,
                                sim.pointsRedeemed(), discount, simDiscount);
                    }
                }
            }
            return refused;
        });
        return new Report(from, to, (int) draft.pointValueMinor(), total, capped, groups(byTier), groups(byStore),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The draft allows fewer points (or none, in discount mode): as many as it allows. */
    private static Calculation capped(Programme draft, List<ReceiptInput.Line> lines, boolean known, String tier,
            long redeemed, ReceiptInput.Occasion occasion) {
        try {
            return ReceiptCalculator.calculate(draft, input(lines, known, tier, redeemed, occasion, new ReceiptInput.Redeem(true, 0)));
        } catch (RuleRefusal refusal) {
            return ReceiptCalculator.calculate(draft, input(lines, known, tier, redeemed, occasion, ReceiptInput.Redeem.NONE));
        }
    }

    /** The receipt's redemption replayed as a request for the same points, the balance taken as it was. */
    private static ReceiptInput input(List<ReceiptInput.Line> lines, boolean known, String tier, long redeemed,
            ReceiptInput.Occasion occasion, ReceiptInput.Redeem redeem) {
        return new ReceiptInput(lines, known, tier, redeemed == 0 ? ReceiptInput.Redeem.NONE : redeem,
                ReceiptInput.Mode.auto, redeemed, false, occasion, ReceiptInput.Mode.auto, List.of());
    }

    private static List<Group> groups(Map<String, Figures> m) {
        List<Group> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Group(k, v)));
        return out;
    }

    static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
