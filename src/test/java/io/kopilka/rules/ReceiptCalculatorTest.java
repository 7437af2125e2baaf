package io.kopilka.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kopilka.rules.Calculation.LineResult;
import io.kopilka.rules.Programme.CategoryRule;
import io.kopilka.rules.Programme.EarnMode;
import io.kopilka.rules.Programme.EarnOn;
import io.kopilka.rules.Programme.Tier;
import io.kopilka.rules.ReceiptInput.Line;
import io.kopilka.rules.ReceiptInput.Mode;
import io.kopilka.rules.ReceiptInput.Redeem;

/** The programme's arithmetic on one receipt, table-driven; every result is also checked for its invariants. */
class ReceiptCalculatorTest {

    private static final OffsetDateTime FROM = OffsetDateTime.parse("2026-01-01T00:00:00+03:00");
    private static final Redeem MAX = new Redeem(true, 0);

    // ---- programme and receipt builders ----

    record P(EarnMode mode, EarnOn on, int share, int minPct, String rate, List<CategoryRule> categories) {
        Programme build() {
            return new Programme(1, FROM, 100, mode, on, share, minPct, 14, 365, 15,
                    List.of(new Tier("base", "Base", 0, new BigDecimal(rate))), categories, List.of(), 0, null, null,
                    true);
        }

        P on(EarnOn v) {
            return new P(mode, v, share, minPct, rate, categories);
        }

        P share(int v) {
            return new P(mode, on, v, minPct, rate, categories);
        }

        P minPct(int v) {
            return new P(mode, on, share, v, rate, categories);
        }

        P rate(String v) {
            return new P(mode, on, share, minPct, v, categories);
        }

        P mode(EarnMode v) {
            return new P(v, on, share, minPct, rate, categories);
        }

        P categories(CategoryRule... v) {
            return new P(mode, on, share, minPct, rate, List.of(v));
        }
    }

    static P defaults() {
        return new P(EarnMode.bonus, EarnOn.paid_amount, 30, 0, "5", List.of());
    }

    static Line food(long amount) {
        return new Line(amount, BigDecimal.ONE, "food");
    }

    static Line line(String category, long amount) {
        return new Line(amount, BigDecimal.ONE, category);
    }

    static ReceiptInput known(Redeem redeem, long available, Line... lines) {
        return new ReceiptInput(List.of(lines), true, "base", redeem, Mode.auto, available, false);
    }

    static Redeem points(long n) {
        return new Redeem(false, n);
    }

    static final CategoryRule TOBACCO_NO_EARN = new CategoryRule("tobacco", false, null, null);
    static final CategoryRule TOBACCO_NO_REDEEM = new CategoryRule("tobacco", null, false, null);
    static final CategoryRule DAIRY_MIN_90 = new CategoryRule("dairy", null, null, 90);

    /** name, programme, receipt, then expected: redeemed, per-line paid by points, earned, per-line earned, per-line discount. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("earning is floored once per receipt, not per line", defaults(),
                        known(Redeem.NONE, 0, food(1999), food(1999)),
                        0L, l(0, 0), 1L, null, l(0, 0)),
                Arguments.of("rate 7.5", defaults().rate("7.5"),
                        known(Redeem.NONE, 0, food(13333)),
                        0L, l(0), 9L, l(9), l(0)),
                Arguments.of("rate 7.5 over several lines", defaults().rate("7.5"),
                        known(Redeem.NONE, 0, food(10000), food(10000), food(6667)),
                        0L, l(0, 0, 0), 20L, null, l(0, 0, 0)),
                Arguments.of("category excluded from earning", defaults().categories(TOBACCO_NO_EARN),
                        known(Redeem.NONE, 0, food(10000), line("tobacco", 20000)),
                        0L, l(0, 0), 5L, l(5, 0), l(0, 0)),
                Arguments.of("category match ignores case", defaults().categories(TOBACCO_NO_EARN),
                        known(Redeem.NONE, 0, food(10000), line("TOBACCO", 20000)),
                        0L, l(0, 0), 5L, l(5, 0), l(0, 0)),
                Arguments.of("category excluded from redeeming", defaults().categories(TOBACCO_NO_REDEEM),
                        known(MAX, 1000, food(10000), line("tobacco", 20000)),
                        // 30% of 30000 = 9000, all of it on the food line; earn on 1000 + 20000 paid
                        90L, l(9000, 0), 10L, null, l(0, 0)),
                Arguments.of("per-category minimum line price", defaults().categories(DAIRY_MIN_90),
                        known(MAX, 1000, line("dairy", 10000), food(10000)),
                        // dairy may lose at most 1000; the rest of 6000 goes to food
                        60L, l(1000, 5000), 7L, null, l(0, 0)),
                Arguments.of("programme-wide minimum line price", defaults().share(50).minPct(80),
                        known(MAX, 1000, food(10000), food(5000)),
                        30L, l(2000, 1000), 6L, null, l(0, 0)),
                Arguments.of("category minimum overrides the programme's", defaults().share(100).minPct(50)
                        .categories(new CategoryRule("bread", null, null, 0)),
                        known(MAX, 1000, line("bread", 1000), food(1000)),
                        15L, l(1000, 500), 0L, l(0, 0), l(0, 0)),
                Arguments.of("max redeem share floors to whole points", defaults(),
                        known(MAX, 1000, food(12345)),
                        37L, l(3700), 4L, l(4), l(0)),
                Arguments.of("max takes only what the customer has", defaults(),
                        known(MAX, 20, food(10000)),
                        20L, l(2000), 4L, l(4), l(0)),
                Arguments.of("a number redeems exactly that", defaults(),
                        known(points(20), 1000, food(10000)),
                        20L, l(2000), 4L, l(4), l(0)),
                Arguments.of("max with nothing available redeems nothing", defaults(),
                        known(MAX, 0, food(10000)),
                        0L, l(0), 5L, l(5), l(0)),
                Arguments.of("max with a debt redeems nothing", defaults(),
                        known(MAX, -50, food(10000)),
                        0L, l(0), 5L, l(5), l(0)),
                Arguments.of("earn_on paid_amount", defaults(),
                        known(points(30), 1000, food(10000)),
                        30L, l(3000), 3L, l(3), l(0)),
                Arguments.of("earn_on none_when_redeeming while redeeming", defaults().on(EarnOn.none_when_redeeming),
                        known(points(30), 1000, food(10000)),
                        30L, l(3000), 0L, l(0), l(0)),
                Arguments.of("earn_on none_when_redeeming without redeeming", defaults().on(EarnOn.none_when_redeeming),
                        known(Redeem.NONE, 1000, food(10000)),
                        0L, l(0), 5L, l(5), l(0)),
                Arguments.of("earn_on full", defaults().on(EarnOn.full),
                        known(points(30), 1000, food(10000)),
                        30L, l(3000), 5L, l(5), l(0)),
                Arguments.of("discount mode: tier rate off every line, no points", defaults().mode(EarnMode.discount),
                        known(Redeem.NONE, 1000, food(10000), food(3333)),
                        0L, l(0, 0), 0L, l(0, 0), l(500, 166)),
                Arguments.of("discount mode skips lines excluded from earning",
                        defaults().mode(EarnMode.discount).categories(TOBACCO_NO_EARN),
                        known(Redeem.NONE, 0, food(10000), line("tobacco", 20000)),
                        0L, l(0, 0), 0L, l(0, 0), l(500, 0)),
                Arguments.of("discount mode respects the minimum line price", defaults().mode(EarnMode.discount).minPct(98),
                        known(Redeem.NONE, 0, food(10000)),
                        0L, l(0), 0L, l(0), l(200)),
                Arguments.of("choice programme in discount mode", defaults().mode(EarnMode.choice),
                        new ReceiptInput(List.of(food(10000)), true, "base", Redeem.NONE, Mode.discount, 0, false),
                        0L, l(0), 0L, l(0), l(500)),
                Arguments.of("choice programme defaults to bonus", defaults().mode(EarnMode.choice),
                        known(Redeem.NONE, 0, food(10000)),
                        0L, l(0), 5L, l(5), l(0)),
                Arguments.of("zero-line receipt", defaults(),
                        known(MAX, 1000),
                        0L, l(), 0L, l(), l()),
                Arguments.of("one-line receipt", defaults(),
                        known(Redeem.NONE, 0, food(42980)),
                        0L, l(0), 21L, l(21), l(0)),
                Arguments.of("weighed quantity", defaults(),
                        known(Redeem.NONE, 0, new Line(4520, new BigDecimal("0.452"), "veg"), food(2000)),
                        0L, l(0, 0), 3L, null, l(0, 0)),
                Arguments.of("zero-amount line", defaults(),
                        known(MAX, 1000, food(0), food(10000)),
                        30L, l(0, 3000), 3L, l(0, 3), l(0, 0)),
                Arguments.of("anonymous receipt earns nothing", defaults(),
                        new ReceiptInput(List.of(food(100000)), false, null, Redeem.NONE, Mode.auto, 0, false),
                        0L, l(0), 0L, l(0), l(0)),
                Arguments.of("offline receipt earns", defaults(),
                        new ReceiptInput(List.of(food(100000)), true, "base", Redeem.NONE, Mode.auto, 500, true),
                        0L, l(0), 50L, l(50), l(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void calculates(String name, P programme, ReceiptInput in, long redeemed, long[] paidPerLine, long earned,
            long[] earnedPerLine, long[] discountPerLine) {
        Programme p = programme.build();
        Calculation calc = ReceiptCalculator.calculate(p, in);
        assertEquals(redeemed, calc.pointsRedeemed(), name + ": points redeemed");
        assertEquals(earned, calc.pointsEarned(), name + ": points earned");
        for (int i = 0; i < paidPerLine.length; i++) {
            assertEquals(paidPerLine[i], calc.lines().get(i).paidByPointsMinor(), name + ": line " + i + " paid by points");
            assertEquals(discountPerLine[i], calc.lines().get(i).discountMinor(), name + ": line " + i + " discount");
            if (earnedPerLine != null) {
                assertEquals(earnedPerLine[i], calc.lines().get(i).pointsEarned(), name + ": line " + i + " earned");
            }
        }
        assertInvariants(p, in, calc);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("insufficient points", defaults().build(),
                        known(points(11), 10, food(100000)), RuleRefusal.Code.INSUFFICIENT_POINTS),
                Arguments.of("redeem limit exceeded", defaults().build(),
                        known(points(31), 1000, food(10000)), RuleRefusal.Code.REDEEM_LIMIT_EXCEEDED),
                Arguments.of("a number on a receipt of only excluded lines",
                        defaults().categories(TOBACCO_NO_REDEEM).build(),
                        known(points(1), 1000, line("tobacco", 10000)), RuleRefusal.Code.REDEEM_LIMIT_EXCEEDED),
                Arguments.of("anonymous receipt cannot redeem a number", defaults().build(),
                        new ReceiptInput(List.of(food(10000)), false, null, points(10), Mode.auto, 0, false),
                        RuleRefusal.Code.CUSTOMER_REQUIRED),
                Arguments.of("anonymous receipt cannot redeem max", defaults().build(),
                        new ReceiptInput(List.of(food(10000)), false, null, MAX, Mode.auto, 0, false),
                        RuleRefusal.Code.CUSTOMER_REQUIRED),
                Arguments.of("offline cannot redeem", defaults().build(),
                        new ReceiptInput(List.of(food(10000)), true, "base", points(10), Mode.auto, 1000, true),
                        RuleRefusal.Code.OFFLINE_REDEEM),
                Arguments.of("offline cannot redeem max", defaults().build(),
                        new ReceiptInput(List.of(food(10000)), true, "base", MAX, Mode.auto, 1000, true),
                        RuleRefusal.Code.OFFLINE_REDEEM),
                Arguments.of("discount mode cannot redeem", defaults().mode(EarnMode.discount).build(),
                        known(points(10), 1000, food(10000)), RuleRefusal.Code.MODE_NOT_AVAILABLE),
                Arguments.of("bonus requested from a discount programme", defaults().mode(EarnMode.discount).build(),
                        new ReceiptInput(List.of(food(10000)), true, "base", Redeem.NONE, Mode.bonus, 0, false),
                        RuleRefusal.Code.MODE_NOT_AVAILABLE),
                Arguments.of("discount requested from a bonus programme", defaults().build(),
                        new ReceiptInput(List.of(food(10000)), true, "base", Redeem.NONE, Mode.discount, 0, false),
                        RuleRefusal.Code.MODE_NOT_AVAILABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String name, Programme p, ReceiptInput in, RuleRefusal.Code code) {
        RuleRefusal r = assertThrows(RuleRefusal.class, () -> ReceiptCalculator.calculate(p, in));
        assertEquals(code, r.code(), name);
    }

    @Test
    void excludedCategoriesAreExplainedToTheCashier() {
        Programme p = defaults().categories(new CategoryRule("tobacco", false, false, 100)).build();
        Calculation calc = ReceiptCalculator.calculate(p, known(MAX, 1000, food(10000), line("tobacco", 25000)));
        List<String> rules = calc.applied().stream().map(Calculation.Applied::rule).toList();
        assertTrue(rules.contains("exclude_earn:tobacco"), rules.toString());
        assertTrue(rules.contains("exclude_redeem:tobacco"), rules.toString());
        assertEquals(0, calc.lines().get(1).paidByPointsMinor());
        assertEquals(25000, calc.lines().get(1).finalAmountMinor());
        assertEquals(0, calc.lines().get(1).pointsEarned());
    }

    @Test
    void redeemablePointsTellTheCashierTheMaximum() {
        Calculation calc = ReceiptCalculator.calculate(defaults().build(), known(Redeem.NONE, 1000, food(10000)));
        assertEquals(30, calc.redeemablePoints());
        calc = ReceiptCalculator.calculate(defaults().build(), known(Redeem.NONE, 7, food(10000)));
        assertEquals(7, calc.redeemablePoints());
    }

    /** Property: random receipts and programmes keep every sum exact and every line above its minimum. */
    @Test
    void randomReceiptsKeepTheirInvariants() {
        Random random = new Random(7);
        String[] categories = {"food", "tobacco", "dairy", "alcohol", null};
        for (int run = 0; run < 5_000; run++) {
            List<CategoryRule> rules = new ArrayList<>();
            if (random.nextBoolean()) {
                rules.add(new CategoryRule("tobacco", random.nextBoolean(), random.nextBoolean(),
                        random.nextBoolean() ? null : random.nextInt(101)));
            }
            if (random.nextBoolean()) {
                rules.add(new CategoryRule("dairy", null, null, random.nextInt(101)));
            }
            EarnMode mode = random.nextInt(4) == 0 ? EarnMode.discount : EarnMode.bonus;
            EarnOn on = EarnOn.values()[random.nextInt(3)];
            String rate = random.nextBoolean() ? "5" : String.valueOf(random.nextInt(200) / 10.0);
            Programme p = new P(mode, on, random.nextInt(101), random.nextInt(3) == 0 ? random.nextInt(101) : 0, rate,
                    rules).build();
            int n = random.nextInt(8);
            List<Line> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long amount = random.nextInt(5) == 0 ? random.nextInt(100) : random.nextInt(10_000_000);
                lines.add(new Line(amount, new BigDecimal(1 + random.nextInt(5)), categories[random.nextInt(categories.length)]));
            }
            boolean known = random.nextInt(5) != 0;
            Redeem redeem = !known || mode == EarnMode.discount ? Redeem.NONE : random.nextBoolean() ? MAX : Redeem.NONE;
            ReceiptInput in = new ReceiptInput(lines, known, known ? "base" : null, redeem, Mode.auto,
                    random.nextInt(100_000), false);
            assertInvariants(p, in, ReceiptCalculator.calculate(p, in));
        }
    }

    private static void assertInvariants(Programme p, ReceiptInput in, Calculation calc) {
        String ctx = p + " / " + in + " -> " + calc;
        assertEquals(in.lines().size(), calc.lines().size(), ctx);
        long total = 0;
        long discount = 0;
        long paid = 0;
        long earned = 0;
        for (int i = 0; i < in.lines().size(); i++) {
            Line line = in.lines().get(i);
            LineResult r = calc.lines().get(i);
            assertEquals(i, r.lineIndex(), ctx);
            assertEquals(line.amountMinor() - r.discountMinor() - r.paidByPointsMinor(), r.finalAmountMinor(), ctx);
            CategoryRule rule = p.category(line.category());
            int minPct = rule != null && rule.minLinePricePct() != null ? rule.minLinePricePct() : p.minLinePricePct();
            long minPrice = BigDecimal.valueOf(line.amountMinor()).multiply(BigDecimal.valueOf(minPct))
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).longValueExact();
            if (r.discountMinor() + r.paidByPointsMinor() > 0) {
                assertTrue(r.finalAmountMinor() >= minPrice, "line " + i + " below its minimum price: " + ctx);
            }
            assertTrue(r.discountMinor() >= 0 && r.paidByPointsMinor() >= 0 && r.pointsEarned() >= 0, ctx);
            if (rule != null && Boolean.FALSE.equals(rule.redeem())) {
                assertEquals(0, r.paidByPointsMinor(), "excluded line paid by points: " + ctx);
            }
            if (rule != null && Boolean.FALSE.equals(rule.earn())) {
                assertEquals(0, r.pointsEarned(), "excluded line earned: " + ctx);
                assertEquals(0, r.discountMinor(), "excluded line discounted: " + ctx);
            }
            total += line.amountMinor();
            discount += r.discountMinor();
            paid += r.paidByPointsMinor();
            earned += r.pointsEarned();
        }
        assertEquals(total, calc.totalMinor(), ctx);
        assertEquals(discount, calc.discountMinor(), ctx);
        assertEquals(paid, calc.paidByPointsMinor(), ctx);
        assertEquals(earned, calc.pointsEarned(), ctx);
        assertEquals(total - discount - paid, calc.toPayMinor(), ctx);
        assertEquals(calc.pointsRedeemed() * p.pointValueMinor(), paid, ctx);
        long shareCap = BigDecimal.valueOf(total - discount).multiply(BigDecimal.valueOf(p.maxRedeemSharePct()))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
        assertTrue(paid <= shareCap, "more than the redeem share: " + ctx);
        assertTrue(calc.pointsRedeemed() <= Math.max(0, in.availablePoints()), ctx);
        if (!in.customerKnown()) {
            assertEquals(0, calc.pointsEarned(), ctx);
            assertEquals(0, calc.discountMinor(), ctx);
        }
        if (in.customerKnown() && calc.appliedMode() == EarnMode.bonus) {
            // floor(sum of eligible money x rate / 100 / point value), once per receipt
            BigDecimal eligible = BigDecimal.ZERO;
            for (int i = 0; i < in.lines().size(); i++) {
                CategoryRule rule = p.category(in.lines().get(i).category());
                if (rule != null && Boolean.FALSE.equals(rule.earn())) {
                    continue;
                }
                LineResult r = calc.lines().get(i);
                long base = in.lines().get(i).amountMinor() - r.discountMinor();
                long money = switch (p.earnOn()) {
                    case paid_amount -> r.finalAmountMinor();
                    case none_when_redeeming -> calc.pointsRedeemed() > 0 ? 0 : base;
                    case full -> base;
                };
                eligible = eligible.add(BigDecimal.valueOf(money));
            }
            long expected = eligible.multiply(p.tiers().get(0).ratePct())
                    .divide(BigDecimal.valueOf(100L * p.pointValueMinor()), 0, RoundingMode.FLOOR).longValueExact();
            assertEquals(expected, calc.pointsEarned(), ctx);
        } else {
            assertEquals(0, calc.pointsEarned(), ctx);
        }
    }

    private static long[] l(long... values) {
        return values;
    }
}
