package io.kopilka.reports;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Phones;

/**
 * RFM scores and segments of the scope's customers: a chain's or a franchisee's as the refresher computed them
 * (SegmentSnapshots), one store's from its customers' rows.
 */
@ApplicationScoped
public class SegmentsReport {

    public record SegmentRow(Rfm.Segment segment, long customers, double share, long sales, long averageReceipt) {
    }

    public record RfmCell(int r, int f, int m, long customers) {
    }

    public record TopCustomer(long customerId, String phone, String name, Rfm.Segment segment, int r, int f, int m,
            long sales) {
    }

    public record View(OffsetDateTime asOf, long customers, List<SegmentRow> segments, List<RfmCell> rfm,
            List<TopCustomer> topCustomers) {
    }

    record Scored(long customerId, long firstDay, long lastDay, long receipts, long sales, long returns, int r, int f,
            int m, Rfm.Segment segment) {
        long net() {
            return sales - returns;
        }
    }

    static final int TOP = 20;

    @Inject
    ReportDatabase db;

    @Inject
    LiabilityReport liability;

    @Inject
    ActivityGrids grids;

    public View segments(ReportScope scope) {
        if (scope.customerScope() != null && grids.built(scope.chainId())) {
            return snapshot(scope);
        }
        List<Object> args = new ArrayList<>();
        String rows = ReceiptFacts.customersOf(scope, args);
        List<long[]> raw = db.list("SELECT customer_id, first_day - date '1970-01-01', last_day - date '1970-01-01', "
                + "receipts, sales, returns FROM (" + rows + ") c", args,
                rs -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6) });
        List<Scored> scored = score(raw);

        Map<Rfm.Segment, long[]> bySegment = new EnumMap<>(Rfm.Segment.class);
        Map<Integer, Long> cells = new HashMap<>();
        for (Scored s : scored) {
            long[] acc = bySegment.computeIfAbsent(s.segment(), k -> new long[3]);
            acc[0]++;
            acc[1] += s.net();
            acc[2] += s.receipts();
            cells.merge(s.r() * 100 + s.f() * 10 + s.m(), 1L, Long::sum);
        }
        return view(scope, scored.size(), bySegment, cells, best(scored));
    }

    private View view(ReportScope scope, long customers, Map<Rfm.Segment, long[]> bySegment, Map<Integer, Long> cells,
            List<Scored> best) {
        List<SegmentRow> segments = new ArrayList<>();
        for (Rfm.Segment seg : Rfm.Segment.values()) {
            long[] acc = bySegment.getOrDefault(seg, new long[3]);
            segments.add(new SegmentRow(seg, acc[0], Metrics.ratio(acc[0], customers), acc[1],
                    Metrics.average(acc[1], acc[2])));
        }
        List<RfmCell> rfm = cells.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new RfmCell(e.getKey() / 100, e.getKey() / 10 % 10, e.getKey() % 10, e.getValue())).toList();
        return new View(liability.refreshedAt(scope.chainId()), customers, segments, rfm, top(scope, best));
    }

    private static List<Scored> best(List<Scored> scored) {
        return scored.stream().sorted(Comparator.comparingLong(Scored::net).reversed()
                .thenComparingLong(Scored::customerId)).limit(TOP).toList();
    }

    /** A chain's or a franchisee's segments as the last refresh computed them (SegmentSnapshots). */
    private View snapshot(ReportScope scope) {
        List<Object> args = List.of(scope.chainId(), scope.customerScope());
        Map<Rfm.Segment, long[]> bySegment = new EnumMap<>(Rfm.Segment.class);
        Map<Integer, Long> cells = new HashMap<>();
        db.list("SELECT r, f, m, segment, customers, net_sales, receipts FROM report_segment_cells "
                + "WHERE chain_id = ? AND scope_id = ?", args, rs -> {
                    long[] acc = bySegment.computeIfAbsent(Rfm.Segment.valueOf(rs.getString(4)), k -> new long[3]);
                    acc[0] += rs.getLong(5);
                    acc[1] += rs.getLong(6);
                    acc[2] += rs.getLong(7);
                    cells.merge(rs.getInt(1) * 100 + rs.getInt(2) * 10 + rs.getInt(3), rs.getLong(5), Long::sum);
                    return null;
                });
        List<Scored> best = db.list("SELECT customer_id, r, f, m, segment, net_sales FROM report_segment_top "
                + "WHERE chain_id = ? AND scope_id = ? ORDER BY rank", args,
                rs -> new Scored(rs.getLong(1), 0, 0, 0, rs.getLong(6), 0, rs.getInt(2), rs.getInt(3), rs.getInt(4),
                        Rfm.Segment.valueOf(rs.getString(5))));
        long customers = bySegment.values().stream().mapToLong(a -> a[0]).sum();
        return view(scope, customers, bySegment, cells, best);
    }

    static List<Scored> score(List<long[]> raw) {
        long[] r = Rfm.boundaries(raw.stream().mapToLong(c -> c[2]).toArray());
        long[] f = Rfm.boundaries(raw.stream().mapToLong(c -> c[3]).toArray());
        long[] m = Rfm.boundaries(raw.stream().mapToLong(c -> c[4] - c[5]).toArray());
        List<Scored> scored = new ArrayList<>(raw.size());
        for (long[] c : raw) {
            int ms = Rfm.score(c[4] - c[5], m);
            scored.add(new Scored(c[0], c[1], c[2], c[3], c[4], c[5], Rfm.score(c[2], r), Rfm.score(c[3], f), ms,
                    Rfm.segment(ms, c[4], c[5], c[1], c[2])));
        }
        return scored;
    }

    private List<TopCustomer> top(ReportScope scope, List<Scored> best) {
        if (best.isEmpty()) {
            return List.of();
        }
        Long[] ids = best.stream().map(Scored::customerId).toArray(Long[]::new);
        Map<Long, String[]> people = new HashMap<>();
        db.list("SELECT id, phone, name FROM customers WHERE chain_id = ? AND id = ANY(?)",
                List.of(scope.chainId(), ids), rs -> people.put(rs.getLong(1), new String[] { rs.getString(2), rs.getString(3) }));
        return best.stream().map(s -> {
            String[] p = people.getOrDefault(s.customerId(), new String[2]);
            String phone = scope.masksPhones() ? Phones.maskToCountry(p[0]) : p[0];
            return new TopCustomer(s.customerId(), phone, p[1], s.segment(), s.r(), s.f(), s.m(), s.net());
        }).toList();
    }
}
