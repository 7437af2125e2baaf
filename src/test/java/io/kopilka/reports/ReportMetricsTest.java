package io.kopilka.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kopilka.platform.ProblemException;

/** The metric formulas of docs/reports.md#get-retention against hand-computed figures. */
class ReportMetricsTest {

    private static final LocalDate FROM = LocalDate.parse("2026-01-01");
    private static final LocalDate TO = LocalDate.parse("2026-06-30");

    private static List<CustomerActivity> times(int n, String... days) {
        List<CustomerActivity> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(CustomerActivity.of(java.util.Arrays.stream(days).map(LocalDate::parse).toArray(LocalDate[]::new)));
        }
        return out;
    }

    /** The example of docs/reports.md#get-retention: 100 active at the start, 50 new, 20 lost → 130 at the end, CRR 80 %, churn 20 %. */
    private static List<CustomerActivity> specExample() {
        List<CustomerActivity> all = new ArrayList<>();
        all.addAll(times(80, "2025-12-10", "2026-06-01")); // active on 31 Dec and on 30 Jun
        all.addAll(times(20, "2025-12-10"));               // active on 31 Dec, not within 90 days of 30 Jun
        all.addAll(times(40, "2026-05-15"));               // new in the period
        all.addAll(times(10, "2026-05-15", "2026-06-10")); // new, bought twice
        all.addAll(times(7, "2025-06-01"));                // inactive throughout: counts nowhere
        return all;
    }

    @Test
    void crrAndChurnOfTheSpecExample() {
        RetentionMetrics.Counts c = new RetentionMetrics(90, 30).counts(specExample(), FROM, TO);
        assertEquals(100, c.customersAtStart());
        assertEquals(130, c.customersAtEnd());
        assertEquals(50, c.newCustomers());
        assertEquals(20, c.lostCustomers());
        assertEquals(80.0, c.crr(30));
        assertEquals(20.0, c.churn(30));
        assertEquals(c.customersAtEnd(), c.customersAtStart() + c.newCustomers() - c.lostCustomers());
    }

    @Test
    void repeatPurchaseRateCountsPurchasesInsideThePeriodOnly() {
        RetentionMetrics.Counts c = new RetentionMetrics(90, 30).counts(specExample(), FROM, TO);
        // buyers in the period: 80 + 40 + 10; twice: the 10 (the 80 bought once inside the period)
        assertEquals(130, c.buyers());
        assertEquals(10, c.repeatBuyers());
        assertEquals(7.69, c.repeatPurchaseRate());
        assertEquals(140, c.purchases());
        // 140 purchases / 130 buyers over 181 days, per 365 days
        assertEquals(2.1717, RetentionMetrics.purchasesPerYear(c, 181));
    }

    @Test
    void aReturningCustomerIsNewToTheBaseSoTheCountsStillAddUp() {
        List<CustomerActivity> all = new ArrayList<>(specExample());
        all.addAll(times(1, "2025-06-01", "2026-06-05"));
        RetentionMetrics.Counts c = new RetentionMetrics(90, 30).counts(all, FROM, TO);
        assertEquals(131, c.customersAtEnd());
        assertEquals(51, c.newCustomers());
        assertEquals(50, c.firstTimeCustomers());
        assertEquals(100 + 51 - 20, c.customersAtEnd());
        assertEquals(80.0, c.crr(30));
        assertEquals(20.0, c.churn(30));
    }

    @Test
    void aNewcomerWhoLapsesWithinThePeriodIsNeitherNewNorLost() {
        List<CustomerActivity> all = new ArrayList<>(specExample());
        all.addAll(times(4, "2026-01-20"));
        RetentionMetrics.Counts c = new RetentionMetrics(90, 30).counts(all, FROM, TO);
        assertEquals(4, c.passingCustomers());
        assertEquals(50, c.newCustomers());
        assertEquals(20, c.lostCustomers());
        assertEquals(130, c.customersAtEnd());
    }

    @Test
    void aStartingBaseBelowTheMinimumGivesNoRatesButTheReason() {
        RetentionMetrics.Counts c = new RetentionMetrics(90, 30).counts(specExample(), FROM, TO);
        assertEquals(null, c.crr(101));
        assertEquals(null, c.churn(101));
        assertEquals(RetentionMetrics.BASE_TOO_SMALL, c.rateNote(101));
        assertEquals(80.0, c.crr(100));
        assertEquals(null, c.rateNote(100));
    }

    @Test
    void theActivityWindowIncludesItsFirstAndLastDay() {
        // active on 31 Dec 2025 with a window of 90 days: purchases from 3 Oct 2025
        RetentionMetrics m = new RetentionMetrics(90, 30);
        assertEquals(1, m.counts(times(1, "2025-10-03"), FROM, TO).customersAtStart());
        assertEquals(0, m.counts(times(1, "2025-10-02"), FROM, TO).customersAtStart());
        assertEquals(1, m.counts(times(1, "2026-04-02"), FROM, TO).customersAtEnd());
        assertEquals(0, m.counts(times(1, "2026-04-01"), FROM, TO).customersAtEnd());
    }

    @Test
    void noCustomersAtTheStartGivesNoRatesNotAnError() {
        RetentionMetrics.Counts c = new RetentionMetrics(90, 30).counts(times(3, "2026-05-01"), FROM, TO);
        assertEquals(null, c.crr(0));
        assertEquals(null, c.churn(0));
        assertEquals(RetentionMetrics.BASE_TOO_SMALL, c.rateNote(0));
        assertEquals(3, c.newCustomers());
    }

    @Test
    void trendHasOnePointPerMonth() {
        List<RetentionMetrics.TrendPoint> t = new RetentionMetrics(90, 30).trend(specExample(), FROM, TO, Granularity.month);
        assertEquals(6, t.size());
        assertEquals(LocalDate.parse("2026-06-01"), t.get(5).period());
        // June: at its start (31 May) the 20 lost and the 80 are out of the window, the 50 new are active
        assertEquals(130, t.get(5).activeCustomers());
        // January: 100 active on 31 Dec, all still active on 31 Jan
        assertEquals(100.0, t.get(0).crr());
        // the months chain: each one starts where the one before ended, from the headline's start to its end
        assertEquals(100, t.get(0).customersAtStart());
        long net = 0;
        for (int i = 0; i < t.size(); i++) {
            RetentionMetrics.TrendPoint p = t.get(i);
            assertEquals(p.activeCustomers(), p.customersAtStart() + p.newCustomers() - p.lostCustomers());
            if (i > 0) {
                assertEquals(t.get(i - 1).activeCustomers(), p.customersAtStart());
            }
            net += p.newCustomers() - p.lostCustomers();
        }
        assertEquals(130 - 100, net);
    }

    @Test
    void cltvIsAverageReceiptTimesPurchasesPerYearTimesLifespan() {
        assertEquals(3000, RetentionMetrics.cltv(1000, 2.0, 1.5));
        assertEquals(0, RetentionMetrics.cltv(1000, 0.0, 1.5));
    }

    @Test
    void rfmScoresAreQuintilesAsPostgresPicksThem() {
        long[] b = Rfm.boundaries(new long[] { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 });
        assertArrayEquals(new long[] { 2, 4, 6, 8 }, b);
        assertEquals(1, Rfm.score(1, b));
        assertEquals(1, Rfm.score(2, b));
        assertEquals(2, Rfm.score(3, b));
        assertEquals(4, Rfm.score(8, b));
        assertEquals(5, Rfm.score(9, b));
        assertEquals(5, Rfm.score(10, b));
        // everyone equal: everyone scores 1
        assertEquals(1, Rfm.score(5, Rfm.boundaries(new long[] { 5, 5, 5 })));
    }

    @Test
    void segments() {
        assertEquals(Rfm.Segment.problem, Rfm.segment(5, 1000, 500, 0, 400));
        assertEquals(Rfm.Segment.stars, Rfm.segment(5, 1000, 499, 0, 180));
        assertEquals(Rfm.Segment.productive, Rfm.segment(4, 1000, 0, 0, 179));
        assertEquals(Rfm.Segment.question_marks, Rfm.segment(3, 1000, 0, 0, 400));
        assertEquals(Rfm.Segment.question_marks, Rfm.segment(1, 0, 0, 0, 0));
    }

    @Test
    void economicsCountsExpiredPointsAsSaved() {
        SalesFigures f = SalesFigures.of(10, 5, 100_000, 1000, 300, 200, 0, 0, 0, 0);
        // 1000 points earned: 300 redeemed, 200 expired, 450 still on the lots, 50 held or adjusted away
        EconomicsReport.View v = EconomicsReport.compute(FROM, TO, 100, f,
                new EconomicsReport.PointFates(1000, 300, 200, 450));
        assertEquals(100_000, v.equivalentDiscountCost());
        assertEquals(75_000, v.programmeCost());
        assertEquals(25_000, v.difference());
        assertEquals(45_000, v.liabilityValue());
        assertEquals(20_000, v.expiredValue());
        assertEquals(75.0, v.costShareOfSales());
    }

    @Test
    void phonesAreMaskedToTheCountryAndTwoDigits() {
        assertEquals("+7 *** ***-**-67", io.kopilka.platform.Phones.maskToCountry("+79161234567"));
        assertEquals("+359 *** ***-**-89", io.kopilka.platform.Phones.maskToCountry("+359881234589"));
    }

    @Test
    void periodParameters() {
        ReportPeriod p = ReportPeriod.parse("2026-01-01", "2026-12-31", null);
        assertEquals(Granularity.month, p.granularity());
        assertEquals(Granularity.day, ReportPeriod.parse("2026-01-01", "2026-03-03", null).granularity());
        assertEquals(Granularity.month, ReportPeriod.parse("2026-01-01", "2026-03-04", null).granularity());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> ReportPeriod.parse("2026-02-01", "2026-01-31", null)).status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> ReportPeriod.parse("2020-01-01", "2023-01-02", null)).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> ReportPeriod.parse(null, "2026-01-01", null)).status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> ReportPeriod.parse("2026-01-01", "2026-01-02", "year")).status());
        assertEquals(400, assertThrows(ProblemException.class,
                () -> ReportPeriod.parse("2026-13-01", "2026-12-31", null)).status());
    }

    @Test
    void settlementNetsEachPairOfOwnersOnce() {
        List<SettlementReport.Row> rows = List.of(
                new SettlementReport.Row(null, null, 1L, "Alfa", 30, 3000),   // head office's points spent at Alfa
                new SettlementReport.Row(1L, "Alfa", null, null, 100, 10000), // Alfa's points spent at head office
                new SettlementReport.Row(1L, "Alfa", 2L, "Beta", 40, 4000),
                new SettlementReport.Row(2L, "Beta", 1L, "Alfa", 40, 4000));  // sets off to nothing
        List<SettlementReport.Net> net = SettlementReport.net(rows, 100);
        assertEquals(List.of(new SettlementReport.Net(1L, "Alfa", null, null, 70, 7000)), net);
    }
}
