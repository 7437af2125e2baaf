package io.kopilka.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Points spent at one franchisee's stores that were earned at another's (head-office stores count as a
 * side of their own, with a null franchisee id and name: the console names it in the reader's language). A franchisee sees only rows where it is one side. Besides these gross rows, the net of each pair
 * of owners: who owes whom after the two directions are set off.
 */
@ApplicationScoped
public class SettlementReport {

    public record Row(Long earnedAtFranchiseeId, String earnedAtName, Long redeemedAtFranchiseeId,
            String redeemedAtName, long points, long value) {
    }

    /** The owner whose points were spent at the other's stores more than the other way round owes the difference. */
    public record Net(Long debtorFranchiseeId, String debtorName, Long creditorFranchiseeId, String creditorName,
            long points, long valueMinor) {
    }

    public record View(LocalDate from, LocalDate to, long pointValueMinor, List<Row> rows, List<Net> net) {
    }

    @Inject
    ReportDatabase db;

    @Inject
    LiabilityReport liability;

    public View settlement(ReportScope scope, ReportPeriod period) {
        long pointValue = liability.pointValue(scope.chainId());
        // Rows where the scope is one side: each side read through its own index (not one scan with an OR)
        // and summed per store pair before the stores are joined.
        String pairs = "SELECT earned_store_id, redeemed_store_id, sum(points) AS points FROM report_settlement_days "
                + "WHERE chain_id = ? AND day BETWEEN ? AND ? AND ";
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), period.from(), period.to()));
        args.addAll(scope.storeArgs());
        String sides = pairs + scope.storeCondition("redeemed_store_id") + " GROUP BY 1, 2";
        if (!scope.wholeChain()) {
            sides += " UNION ALL " + pairs + scope.storeCondition("earned_store_id") + " AND NOT "
                    + scope.storeCondition("redeemed_store_id") + " GROUP BY 1, 2";
            args.addAll(List.of(scope.chainId(), period.from(), period.to()));
            args.addAll(scope.storeArgs());
            args.addAll(scope.storeArgs());
        }
        String sql = """
                SELECT es.franchisee_id, ef.name, rs.franchisee_id, rf.name, sum(t.points)
                  FROM (""" + sides + """
                ) t
                  JOIN stores es ON es.chain_id = ? AND es.id = t.earned_store_id
                  JOIN stores rs ON rs.chain_id = ? AND rs.id = t.redeemed_store_id
                  LEFT JOIN franchisees ef ON ef.chain_id = es.chain_id AND ef.id = es.franchisee_id
                  LEFT JOIN franchisees rf ON rf.chain_id = rs.chain_id AND rf.id = rs.franchisee_id
                 WHERE es.franchisee_id IS DISTINCT FROM rs.franchisee_id
                 GROUP BY 1, 2, 3, 4 ORDER BY 2 NULLS FIRST, 4 NULLS FIRST""";
        args.add(scope.chainId());
        args.add(scope.chainId());
        List<Row> rows = db.list(sql, args, rs -> {
            long earnedBy = rs.getLong(1);
            boolean earnedByHeadOffice = rs.wasNull();
            long redeemedBy = rs.getLong(3);
            boolean redeemedByHeadOffice = rs.wasNull();
            return new Row(earnedByHeadOffice ? null : earnedBy, rs.getString(2),
                    redeemedByHeadOffice ? null : redeemedBy, rs.getString(4), rs.getLong(5), rs.getLong(5) * pointValue);
        });
        return new View(period.from(), period.to(), pointValue, rows, net(rows, pointValue));
    }

    /** Each pair of owners once, in the order its first row came: the two directions set off, zero nets left out. */
    static List<Net> net(List<Row> rows, long pointValue) {
        Map<List<Long>, Net> pairs = new LinkedHashMap<>();
        for (Row r : rows) {
            // the earning owner owes the redeeming one: a row is a debt from earnedAt to redeemedAt
            List<Long> key = Arrays.asList(r.earnedAtFranchiseeId(), r.redeemedAtFranchiseeId());
            List<Long> reverse = Arrays.asList(r.redeemedAtFranchiseeId(), r.earnedAtFranchiseeId());
            Net other = pairs.remove(reverse);
            long points = r.points() - (other == null ? 0 : other.points());
            pairs.put(points >= 0 ? key : reverse, points >= 0
                    ? new Net(r.earnedAtFranchiseeId(), r.earnedAtName(), r.redeemedAtFranchiseeId(), r.redeemedAtName(),
                            points, points * pointValue)
                    : new Net(r.redeemedAtFranchiseeId(), r.redeemedAtName(), r.earnedAtFranchiseeId(), r.earnedAtName(),
                            -points, -points * pointValue));
        }
        return pairs.values().stream().filter(n -> n.points() != 0).toList();
    }
}
