package io.kopilka.admin.programme;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Sql;
import io.kopilka.platform.Transactions;

/**
 * The categories the chain's registers actually send, so the programme's category rules and multipliers are
 * chosen from real names rather than typed (a misspelt category would silently match nothing).
 */
@ApplicationScoped
public class ChainCategories {

    /** One category seen on receipt lines: how many lines and how much money, to sort the likely ones first. */
    public record SeenCategory(String category, long lines, long salesMinor) {
    }

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 366;
    private static final int MAX_CATEGORIES = 500;

    @Inject
    Transactions tx;

    public List<SeenCategory> seen(long chainId, int days, Instant now) {
        OffsetDateTime since = now.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
        return tx.read(c -> Sql.rows(c, rs -> new SeenCategory(rs.getString(1), rs.getLong(2), rs.getLong(3)), """
                SELECT l.category, count(*), sum(l.amount_minor)
                  FROM receipts r
                  JOIN receipt_lines l ON l.chain_id = r.chain_id AND l.receipt_id = r.id
                 WHERE r.chain_id = ? AND r.occurred_at >= ? AND l.category IS NOT NULL AND l.category <> ''
                 GROUP BY l.category
                 ORDER BY count(*) DESC, l.category
                 LIMIT ?""", chainId, since, MAX_CATEGORIES));
    }
}
