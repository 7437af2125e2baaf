package io.kopilka.reports;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;

/** Points not yet spent, by the store where they were earned, valued at the programme's point value. */
@ApplicationScoped
public class LiabilityReport {

    public record Row(long storeId, String storeName, long pointsOutstanding, long pointsPending, long value) {
    }

    public record Totals(long pointsOutstanding, long pointsPending, long value) {
    }

    public record View(OffsetDateTime asOf, long pointValueMinor, List<Row> rows, Totals totals) {
    }

    @Inject
    ReportDatabase db;

    @Inject
    ProgrammeVersions programmes;

    public View liability(ReportScope scope) {
        long pointValue = pointValue(scope.chainId());
        List<Object> args = new ArrayList<>(List.of(scope.chainId()));
        args.addAll(scope.storeArgs());
        List<Object[]> raw = db.list("""
                SELECT l.store_id, s.name, l.points_outstanding, l.points_pending, l.as_of
                  FROM report_store_liability l JOIN stores s ON s.chain_id = l.chain_id AND s.id = l.store_id
                 WHERE l.chain_id = ? AND """ + " " + scope.storeCondition("l.store_id") + " ORDER BY s.name, l.store_id",
                args, rs -> new Object[] { new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        (rs.getLong(3) + rs.getLong(4)) * pointValue), rs.getObject(5, OffsetDateTime.class) });
        List<Row> rows = raw.stream().map(r -> (Row) r[0]).toList();
        OffsetDateTime asOf = raw.isEmpty() ? refreshedAt(scope.chainId()) : (OffsetDateTime) raw.get(0)[1];
        long outstanding = rows.stream().mapToLong(Row::pointsOutstanding).sum();
        long pending = rows.stream().mapToLong(Row::pointsPending).sum();
        return new View(asOf, pointValue, rows, new Totals(outstanding, pending, (outstanding + pending) * pointValue));
    }

    long pointValue(long chainId) {
        return programmes.active(chainId, Instant.now()).pointValueMinor();
    }

    OffsetDateTime refreshedAt(long chainId) {
        return db.one("SELECT refreshed_at FROM report_refreshes WHERE chain_id = ?", List.of(chainId),
                rs -> rs.getObject(1, OffsetDateTime.class));
    }
}
