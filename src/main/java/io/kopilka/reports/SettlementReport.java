package io.kopilka.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Points spent at one franchisee's stores that were earned at another's (head-office stores count as a
 * side of their own, with a null franchisee id). A franchisee sees only rows where it is one side.
 */
@ApplicationScoped
public class SettlementReport {

    public record Row(Long earnedAtFranchiseeId, String earnedAtName, Long redeemedAtFranchiseeId,
            String redeemedAtName, long points, long value) {
    }

    public record View(LocalDate from, LocalDate to, long pointValueMinor, List<Row> rows) {
    }

    static final String HEAD_OFFICE = "Head office";

    @Inject
    ReportDatabase db;

    @Inject
    LiabilityReport liability;

    public View settlement(ReportScope scope, ReportPeriod period) {
        long pointValue = liability.pointValue(scope.chainId());
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), period.from(), period.to()));
        args.addAll(scope.storeArgs());
        args.addAll(scope.storeArgs());
        String sql = """
                SELECT es.franchisee_id, ef.name, rs.franchisee_id, rf.name, sum(t.points)
                  FROM report_settlement_days t
                  JOIN stores es ON es.chain_id = t.chain_id AND es.id = t.earned_store_id
                  JOIN stores rs ON rs.chain_id = t.chain_id AND rs.id = t.redeemed_store_id
                  LEFT JOIN franchisees ef ON ef.chain_id = es.chain_id AND ef.id = es.franchisee_id
                  LEFT JOIN franchisees rf ON rf.chain_id = rs.chain_id AND rf.id = rs.franchisee_id
                 WHERE t.chain_id = ? AND t.day BETWEEN ? AND ?
                   AND es.franchisee_id IS DISTINCT FROM rs.franchisee_id
                   AND (""" + scope.storeCondition("t.earned_store_id") + " OR "
                + scope.storeCondition("t.redeemed_store_id") + """
                )
                 GROUP BY 1, 2, 3, 4 ORDER BY 2 NULLS FIRST, 4 NULLS FIRST""";
        List<Row> rows = db.list(sql, args, rs -> {
            long earnedBy = rs.getLong(1);
            boolean earnedByHeadOffice = rs.wasNull();
            long redeemedBy = rs.getLong(3);
            boolean redeemedByHeadOffice = rs.wasNull();
            return new Row(earnedByHeadOffice ? null : earnedBy, earnedByHeadOffice ? HEAD_OFFICE : rs.getString(2),
                    redeemedByHeadOffice ? null : redeemedBy, redeemedByHeadOffice ? HEAD_OFFICE : rs.getString(4),
                    rs.getLong(5), rs.getLong(5) * pointValue);
        });
        return new View(period.from(), period.to(), pointValue, rows);
    }
}
