package io.kopilka.reports;

import static io.kopilka.pos.PosApi.enrol;
import static io.kopilka.pos.PosApi.newPhone;
import static io.kopilka.pos.PosApi.newReceiptNo;
import static io.kopilka.pos.PosApi.receipt;
import static io.kopilka.pos.PosApi.record;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.kopilka.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * Head office's and a franchisee's retention and segments, which come from the refresher's grids and snapshots
 * (docs/adr/0037-retention-grids.md), are exactly what the customer-by-customer computation gives over the raw
 * receipts — every figure, the chart by month and by week — after the first refresh and after an incremental one
 * (new customers, existing customers buying again, a receipt 20 days late).
 */
@QuarkusTest
class RetentionGridsReportTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @Inject
    Fixtures fixtures;

    @Inject
    ReportRollups rollups;

    @Inject
    DataSource dataSource;

    @Test
    void gridsAndSnapshotsGiveTheRawRowsFiguresBeforeAndAfterAnIncrementalRefresh() throws Exception {
        YearOfReceipts.Shop shop = YearOfReceipts.Shop.open(fixtures);
        List<Fixtures.Till> tills = shop.tills();
        YearOfReceipts.buy(fixtures, shop.chain().id(), tills, 90, 7);
        rollups.refresh(Instant.now());
        everyFigureIsTheRawRows(shop, "after the first refresh");

        // incremental: existing customers buy again today and one 20 days late; new customers too
        List<String> phones = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT phone FROM customers WHERE chain_id = ? ORDER BY id LIMIT 12")) {
            ps.setLong(1, shop.chain().id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    phones.add(rs.getString(1));
                }
            }
        }
        for (int i = 0; i < phones.size(); i++) {
            Fixtures.Till till = tills.get(i % tills.size());
            String no = newReceiptNo();
            record(till, receipt(no, phones.get(i), null, 20000 + i)).statusCode(201);
            if (i == 0) {
                fixtures.execute("UPDATE receipts SET occurred_at = occurred_at - interval '20 days' "
                        + "WHERE chain_id = ? AND store_id = ? AND receipt_no = ?", shop.chain().id(), till.storeId(), no);
            }
        }
        for (int i = 0; i < 6; i++) {
            String phone = newPhone();
            enrol(tills.get(i % 2), phone);
            record(tills.get(i % 2), receipt(newReceiptNo(), phone, null, 30000 + i)).statusCode(201);
        }
        rollups.refresh(Instant.now());
        everyFigureIsTheRawRows(shop, "after an incremental refresh");
    }

    private void everyFigureIsTheRawRows(YearOfReceipts.Shop shop, String when) throws Exception {
        Fixtures.Chain chain = shop.chain();
        LocalDate today = LocalDate.now(MOSCOW);
        for (Long franchisee : new Long[] { null, shop.alfa() }) {
            // a new request each time: a specification keeps the query parameters given to it
            Supplier<RequestSpecification> who = () -> franchisee == null
                    ? given().auth().preemptive().basic(chain.adminEmail(), chain.adminPassword())
                    : given().auth().preemptive().basic(shop.alfaUser(), YearOfReceipts.Shop.ALFA_PASSWORD);
            String scope = (franchisee == null ? "head office" : "franchisee") + " " + when;
            List<CustomerActivity> customers = purchaseDays(chain.id(), franchisee);
            RetentionMetrics metrics = new RetentionMetrics(90, 30);
            for (int days : new int[] { 30, 90, 365, 700 }) {
                for (String granularity : new String[] { "month", "week" }) {
                    LocalDate from = today.minusDays(days - 1L);
                    JsonPath api = who.get().queryParam("from", from.toString()).queryParam("to", today.toString())
                            .queryParam("granularity", granularity).get("/api/reports/v1/retention").then()
                            .statusCode(200).extract().jsonPath();
                    String what = scope + " over " + days + " days by " + granularity;
                    RetentionMetrics.Counts c = metrics.counts(customers, from, today);
                    Map<String, Object> expected = new LinkedHashMap<>();
                    expected.put("customers_at_start", c.customersAtStart());
                    expected.put("customers_at_end", c.customersAtEnd());
                    expected.put("new_customers", c.newCustomers());
                    expected.put("lost_customers", c.lostCustomers());
                    expected.put("first_time_customers", c.firstTimeCustomers());
                    expected.put("passing_customers", c.passingCustomers());
                    expected.put("customers_with_purchases", c.buyers());
                    expected.put("repeat_purchase_rate", c.repeatPurchaseRate());
                    expected.put("purchases_per_year", RetentionMetrics.purchasesPerYear(c, days));
                    long[] history = history(chain.id(), franchisee);
                    expected.put("historical_spend_per_customer", Metrics.average(history[1], history[0]));
                    expected.put("average_lifespan_years", Metrics.round(history[2] / 365.0, 4));
                    Map<String, Object> actual = new LinkedHashMap<>();
                    expected.keySet().forEach(k -> actual.put(k, number(api.get(k), expected.get(k))));
                    assertEquals(expected, actual, what);

                    Granularity g = Granularity.valueOf(granularity);
                    List<Map<String, Object>> trend = new ArrayList<>();
                    for (RetentionMetrics.TrendPoint p : metrics.trend(customers, from, today, g)) {
                        Map<String, Object> point = new LinkedHashMap<>();
                        point.put("period", p.period().toString());
                        point.put("customers_at_start", p.customersAtStart());
                        point.put("new_customers", p.newCustomers());
                        point.put("lost_customers", p.lostCustomers());
                        point.put("active_customers", p.activeCustomers());
                        trend.add(point);
                    }
                    List<Map<String, Object>> apiTrend = new ArrayList<>();
                    for (Map<String, Object> p : api.<Map<String, Object>>getList("trend")) {
                        Map<String, Object> point = new LinkedHashMap<>();
                        trend.get(0).keySet().forEach(k -> point.put(k, number(p.get(k), trend.get(0).get(k))));
                        apiTrend.add(point);
                    }
                    assertEquals(trend, apiTrend, what + ", the chart");
                }
            }
            segmentsAreTheRawRows(who, chain.id(), franchisee, scope);
        }
    }

    private void segmentsAreTheRawRows(Supplier<RequestSpecification> who, long chainId, Long franchisee, String what)
            throws SQLException {
        List<SegmentsReport.Scored> scored = SegmentsReport.score(rawRows(chainId, franchisee));
        JsonPath api = who.get().get("/api/reports/v1/segments").then().statusCode(200).extract().jsonPath();
        assertEquals(scored.size(), api.getLong("customers"), what);
        for (Rfm.Segment s : Rfm.Segment.values()) {
            List<SegmentsReport.Scored> in = scored.stream().filter(x -> x.segment() == s).toList();
            long sales = in.stream().mapToLong(SegmentsReport.Scored::net).sum();
            long receipts = in.stream().mapToLong(SegmentsReport.Scored::receipts).sum();
            String seg = "segments.find { it.segment == '" + s + "' }.";
            assertEquals(in.size(), api.getLong(seg + "customers"), what + " " + s);
            assertEquals(sales, api.getLong(seg + "sales"), what + " " + s);
            assertEquals(Metrics.average(sales, receipts), api.getLong(seg + "average_receipt"), what + " " + s);
            assertEquals(Metrics.ratio(in.size(), scored.size()), api.getDouble(seg + "share"), what + " " + s);
        }
        Map<String, Long> cells = new TreeMap<>();
        scored.forEach(x -> cells.merge(x.r() + "" + x.f() + x.m(), 1L, Long::sum));
        Map<String, Long> apiCells = new TreeMap<>();
        for (Map<String, Object> cell : api.<Map<String, Object>>getList("rfm")) {
            apiCells.put("" + cell.get("r") + cell.get("f") + cell.get("m"), ((Number) cell.get("customers")).longValue());
        }
        assertEquals(cells, apiCells, what + ", RFM cells");
        List<String> top = scored.stream()
                .sorted(java.util.Comparator.comparingLong(SegmentsReport.Scored::net).reversed()
                        .thenComparingLong(SegmentsReport.Scored::customerId))
                .limit(SegmentsReport.TOP)
                .map(x -> x.customerId() + " " + x.segment() + " " + x.r() + x.f() + x.m() + " " + x.net()).toList();
        List<String> apiTop = new ArrayList<>();
        for (Map<String, Object> t : api.<Map<String, Object>>getList("top_customers")) {
            apiTop.add(t.get("customer_id") + " " + t.get("segment") + " " + t.get("r") + t.get("f") + t.get("m") + " "
                    + t.get("sales"));
        }
        assertEquals(top, apiTop, what + ", top customers");
    }

    /** Each customer's local purchase days in the scope, one per confirmed receipt, from the receipts. */
    private List<CustomerActivity> purchaseDays(long chainId, Long franchisee) throws SQLException {
        Map<Long, List<Integer>> days = new HashMap<>();
        String sql = "SELECT r.customer_id, (r.occurred_at AT TIME ZONE s.timezone)::date - date '1970-01-01' AS d "
                + "FROM receipts r JOIN stores s ON s.chain_id = r.chain_id AND s.id = r.store_id WHERE r.chain_id = ? "
                + "AND r.status = 'confirmed' AND r.customer_id IS NOT NULL"
                + (franchisee == null ? "" : " AND s.franchisee_id = " + franchisee) + " ORDER BY d";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getInt(2));
                }
            }
        }
        return days.values().stream().map(d -> new CustomerActivity(d.stream().mapToInt(Integer::intValue).toArray()))
                .toList();
    }

    /** Per customer from the receipts (not the rollup): id, first and last day, receipts, sales, returns. */
    private List<long[]> rawRows(long chainId, Long franchisee) throws SQLException {
        String rows = ReceiptFacts.customerRows("r.chain_id = ?" + (franchisee == null ? "" : " AND s.franchisee_id = ?"));
        List<long[]> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT customer_id, first_day - date '1970-01-01', last_day - date '1970-01-01', receipts, sales, "
                        + "returns FROM (" + rows + ") x")) {
            ps.setLong(1, chainId);
            if (franchisee != null) {
                ps.setLong(2, franchisee);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6) });
                }
            }
        }
        return out;
    }

    /** customers, their spend after returns, their average lifespan in days: from the receipts. */
    private long[] history(long chainId, Long franchisee) throws SQLException {
        long[] h = new long[3];
        List<long[]> rows = rawRows(chainId, franchisee);
        long span = 0;
        for (long[] r : rows) {
            h[1] += r[4] - r[5];
            span += r[2] - r[1] + 1;
        }
        h[0] = rows.size();
        h[2] = rows.isEmpty() ? 0 : Math.round((double) span / rows.size());
        return h;
    }

    private static Object number(Object api, Object like) {
        if (api instanceof Number n) {
            return like instanceof Double ? (Object) Double.parseDouble(n.toString()) : (Object) n.longValue();
        }
        return api;
    }
}
