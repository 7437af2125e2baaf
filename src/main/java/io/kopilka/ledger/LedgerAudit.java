package io.kopilka.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Checks the ledger's invariants for a whole chain (docs/ledger.md#invariants). */
@ApplicationScoped
public class LedgerAudit {

    public record Mismatch(long customerId, long entriesSum, long lotsSum, String problem) {
    }

    public record Report(long customersChecked, long entriesSum, long lotsSum, List<Mismatch> mismatches) {
        public boolean ok() {
            return mismatches.isEmpty();
        }
    }

    private static final String CHECK = """
            WITH e AS (SELECT customer_id, sum(points) AS s FROM ledger_entries WHERE chain_id = ? GROUP BY customer_id),
                 l AS (SELECT customer_id, sum(points_remaining) AS s,
                              sum(points_remaining) FILTER (WHERE points_remaining < 0) AS neg
                         FROM point_lots WHERE chain_id = ? GROUP BY customer_id),
                 d AS (SELECT customer_id, sum(points) AS s FROM ledger_debts WHERE chain_id = ? GROUP BY customer_id)
            SELECT coalesce(e.customer_id, l.customer_id), coalesce(e.s, 0), coalesce(l.s, 0), coalesce(-l.neg, 0), coalesce(d.s, 0)
              FROM e FULL JOIN l ON l.customer_id = e.customer_id
              LEFT JOIN d ON d.customer_id = coalesce(e.customer_id, l.customer_id)""";

    public Report check(Connection c, long chainId) throws SQLException {
        List<Mismatch> mismatches = new ArrayList<>();
        long customers = 0;
        long entries = 0;
        long lots = 0;
        try (PreparedStatement ps = c.prepareStatement(CHECK)) {
            ps.setLong(1, chainId);
            ps.setLong(2, chainId);
            ps.setLong(3, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    customers++;
                    long id = rs.getLong(1);
                    long e = rs.getLong(2);
                    long l = rs.getLong(3);
                    long negative = rs.getLong(4);
                    long flaggedDebt = rs.getLong(5);
                    entries += e;
                    lots += l;
                    if (e != l) {
                        mismatches.add(new Mismatch(id, e, l, "balance differs from the sum of entries"));
                    }
                    if (negative > flaggedDebt) {
                        mismatches.add(new Mismatch(id, e, l, "negative balance not explained by a flagged return"));
                    }
                }
            }
        }
        return new Report(customers, entries, lots, mismatches);
    }
}
