package io.kopilka.reports;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Every retention figure of the API recomputed here from the raw receipts, by docs/reports.md#get-retention
 * (window 90 days, minimum base 30), for head office and for a franchisee over 30, 90 and 365 days: the counts
 * reconcile (S + N − L = E), the rates are the definition's or withheld, and the monthly chart chains to the
 * headline.
 */
@QuarkusTest
class RetentionReconcileTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private static final int WINDOW = 90;
    private static final int MIN_BASE = 30;

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    @Inject
    DataSource dataSource;

    @Test
    void everyFigureIsTheDefinitionsForHeadOfficeAndForAFranchisee() throws Exception {
        YearOfReceipts.Shop shop = YearOfReceipts.Shop.open(fixtures);
        Fixtures.Chain chain = shop.chain();
        long alfa = shop.alfa();
        List<Fixtures.Till> tills = shop.tills();
        String alfaUser = shop.alfaUser();
        YearOfReceipts.buy(fixtures, chain.id(), tills, 160, 18);
        rollups.refresh(Instant.now());

        LocalDate today = LocalDate.now(MOSCOW);
        boolean sawRates = false;
        for (int days : new int[] { 30, 90, 365 }) {
            LocalDate from = today.minusDays(days - 1L);
            for (Long franchisee : new Long[] { null, alfa }) {
                RequestSpecification who = franchisee == null
                        ? given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword())
                        : given().auth().preemptive().basic(alfaUser, "alfa-password");
                JsonPath api = who.queryParam("from", from.toString()).queryParam("to", today.toString())
                        .get("/api/reports/v1/retention").then().statusCode(200).extract().jsonPath();
                Map<Long, TreeSet<LocalDate>> purchases = purchaseDays(chain.id(), franchisee);
                String what = (franchisee == null ? "head office" : "franchisee") + " over " + days + " days";
                Figures expected = Figures.of(purchases.values(), from, today);
                assertEquals(expected.start, api.getLong("customers_at_start"), what);
                assertEquals(expected.newcomers, api.getLong("new_customers"), what);
                assertEquals(expected.lost, api.getLong("lost_customers"), what);
                assertEquals(expected.end, api.getLong("customers_at_end"), what);
                assertEquals(expected.end, expected.start + expected.newcomers - expected.lost, what);
                if (expected.start >= MIN_BASE) {
                    sawRates = true;
                    assertEquals(Metrics.percent(expected.end - expected.newcomers, expected.start), api.getDouble("crr"), what);
                    assertEquals(Metrics.percent(expected.lost, expected.start), api.getDouble("churn"), what);
                    assertEquals(100.0, api.getDouble("crr") + api.getDouble("churn"), 0.011, what);
                    assertNull(api.get("crr_note"), what);
                } else {
                    assertNull(api.get("crr"), what);
                    assertNull(api.get("churn"), what);
                    assertEquals("base-too-small", api.getString("crr_note"), what);
                }
                chartChainsToTheHeadline(api, expected, what);
            }
        }
        assertTrue(sawRates, "the data gives at least one base above the minimum");
    }

    /** The months chain: the first starts at S, each starts where the previous ended, the last ends at E. */
    private static void chartChainsToTheHeadline(JsonPath api, Figures headline, String what) {
        List<Map<String, Object>> trend = api.getList("trend");
        assertTrue(!trend.isEmpty(), what);
        long previousEnd = headline.start;
        long net = 0;
        for (Map<String, Object> month : trend) {
            long start = ((Number) month.get("customers_at_start")).longValue();
            long end = ((Number) month.get("active_customers")).longValue();
            long gained = ((Number) month.get("new_customers")).longValue();
            long lost = ((Number) month.get("lost_customers")).longValue();
            assertEquals(previousEnd, start, what + " " + month.get("period"));
            assertEquals(end, start + gained - lost, what + " " + month.get("period"));
            Object crr = month.get("crr");
            assertTrue(crr == null || ((Number) crr).doubleValue() >= 0 && ((Number) crr).doubleValue() <= 100, what);
            previousEnd = end;
            net += gained - lost;
        }
        assertEquals(headline.end, previousEnd, what);
        assertEquals(headline.end - headline.start, net, what);
    }

    /** Each customer's local purchase days in the scope, straight from the receipts. */
    private Map<Long, TreeSet<LocalDate>> purchaseDays(long chainId, Long franchisee) throws SQLException {
        Map<Long, TreeSet<LocalDate>> days = new HashMap<>();
        String sql = "SELECT r.customer_id, (r.occurred_at AT TIME ZONE s.timezone)::date FROM receipts r "
                + "JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id WHERE r.chain_id = ? "
                + "AND r.status = 'confirmed' AND r.customer_id IS NOT NULL"
                + (franchisee == null ? "" : " AND s.franchisee_id = " + franchisee);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getObject(2, LocalDate.class));
                }
            }
        }
        return days;
    }

    /** S, N, L, E by the definition, one customer at a time. */
    private record Figures(long start, long newcomers, long lost, long end) {

        static Figures of(Iterable<TreeSet<LocalDate>> customers, LocalDate from, LocalDate to) {
            long start = 0, newcomers = 0, lost = 0, end = 0;
            for (TreeSet<LocalDate> days : customers) {
                boolean atStart = activeOn(days, from.minusDays(1));
                boolean atEnd = activeOn(days, to);
                start += atStart ? 1 : 0;
                end += atEnd ? 1 : 0;
                newcomers += atEnd && !atStart ? 1 : 0;
                lost += atStart && !atEnd ? 1 : 0;
            }
            return new Figures(start, newcomers, lost, end);
        }

        /** Bought on one of the WINDOW days ending on {@code day}. */
        private static boolean activeOn(TreeSet<LocalDate> days, LocalDate day) {
            LocalDate last = days.floor(day);
            return last != null && !last.isBefore(day.minusDays(WINDOW - 1L));
        }
    }
}
