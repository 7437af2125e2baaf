package io.kopilka.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Burns what is left of lots past their expiry date. Takes the owning customer's lock with
 * SKIP LOCKED, so it never races a redemption and several workers can run it at once.
 */
@ApplicationScoped
public class Expiry {

    private static final String EXPIRE = """
            WITH due AS (
              SELECT l.chain_id, l.id, l.customer_id, l.store_id, l.points_remaining
                FROM point_lots l
                JOIN customers cu ON cu.chain_id = l.chain_id AND cu.id = l.customer_id
               WHERE l.expires_at <= ? AND l.points_remaining > 0
               ORDER BY l.expires_at
               LIMIT ?
                 FOR UPDATE OF cu SKIP LOCKED),
            e AS (
              INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, ref_entry_id, reason,
                                          created_at, available_at)
              SELECT chain_id, customer_id, 'expire', -points_remaining, store_id, id, 'points expired', ?, ?
                FROM due RETURNING id, chain_id, customer_id, ref_entry_id, points),
            c AS (
              INSERT INTO lot_consumptions (chain_id, entry_id, lot_id, customer_id, points)
              SELECT chain_id, id, ref_entry_id, customer_id, -points FROM e),
            u AS (
              UPDATE point_lots p SET points_remaining = 0
                FROM due WHERE p.chain_id = due.chain_id AND p.id = due.id)
            SELECT count(*), coalesce(sum(-points), 0) FROM e""";

    public record Result(long lots, long points) {
    }

    /** Expires at most {@code limit} lots due at {@code now}; call again until it returns no lots. */
    public Result expireDue(Connection c, Instant now, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EXPIRE)) {
            ps.setObject(1, Ledger.odt(now));
            ps.setInt(2, limit);
            ps.setObject(3, Ledger.odt(now));
            ps.setObject(4, Ledger.odt(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Result(rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
