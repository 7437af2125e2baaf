package io.kopilka.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.Sql;

/**
 * A customer's whole balance leaves them by new entries, lot by lot: to the survivor of a merge, or cancelled on
 * erasure. Each lot keeps its store, availability and expiry, so the survivor's points expire and settle exactly
 * as the duplicate's would have. The caller holds the row locks of every customer involved and has made sure no
 * hold is in flight (a held receipt's points would come back to the lots after the move).
 */
@ApplicationScoped
public class BalanceMoves {

    private static final String OPEN_LOTS = """
            SELECT id, store_id, points_remaining, available_at, expires_at FROM point_lots
             WHERE chain_id = ? AND customer_id = ? AND points_remaining <> 0 ORDER BY id""";

    @Inject
    Ledger ledger;

    private record Lot(long id, Long storeId, long points, Instant availableAt, Instant expiresAt) {
        boolean expiredAt(Instant now) {
            return expiresAt != null && !expiresAt.isAfter(now);
        }
    }

    /** Points moved (net of a debt the survivor takes over). */
    public long transfer(Connection c, long chainId, long fromId, long toId, Long userId, Instant now) throws SQLException {
        String reason = "merged: customer " + fromId + " into " + toId;
        long moved = 0;
        long debt = 0;
        for (Lot lot : openLots(c, chainId, fromId)) {
            if (lot.points() < 0) {
                debt -= lot.points();
            } else if (!lot.expiredAt(now)) { // expired lots are left to the expiry job, on the duplicate
                long out = ledger.debit(c, posting(chainId, fromId, lot, userId, reason, now), EntryKind.transfer_out,
                        lot.points(), null, lot.id(), false);
                ledger.credit(c, posting(chainId, toId, lot, userId, reason, now), EntryKind.transfer_in, lot.points(), out,
                        lot.availableAt(), lot.expiresAt());
                moved += lot.points();
            }
        }
        if (debt > 0) {
            // The survivor takes over what the duplicate owes: paid from its points, the rest stays a flagged debt.
            long out = ledger.debit(c, new Posting(chainId, toId, null, null, null, userId, reason, now),
                    EntryKind.transfer_out, debt, null, null, true);
            ledger.credit(c, new Posting(chainId, fromId, null, null, null, userId, reason, now), EntryKind.transfer_in,
                    debt, out, now, null);
            moved -= debt;
        }
        return moved;
    }

    /** Cancels every lot, pending and expired ones included, and writes off a debt: the balance ends at zero. */
    public long cancel(Connection c, long chainId, long customerId, Long userId, String reason, Instant now)
            throws SQLException {
        long cancelled = 0;
        long debt = 0;
        for (Lot lot : openLots(c, chainId, customerId)) {
            if (lot.points() < 0) {
                debt -= lot.points();
            } else {
                ledger.debit(c, posting(chainId, customerId, lot, userId, reason, now), EntryKind.erasure, lot.points(),
                        null, lot.id(), false);
                cancelled += lot.points();
            }
        }
        if (debt > 0) {
            ledger.credit(c, new Posting(chainId, customerId, null, null, null, userId, reason, now), EntryKind.erasure,
                    debt, null, now, null);
        }
        return cancelled;
    }

    private static Posting posting(long chainId, long customerId, Lot lot, Long userId, String reason, Instant now) {
        return new Posting(chainId, customerId, lot.storeId(), null, null, userId, reason, now);
    }

    private static List<Lot> openLots(Connection c, long chainId, long customerId) throws SQLException {
        return Sql.rows(c, rs -> {
            long store = rs.getLong(2);
            Long storeId = rs.wasNull() ? null : store;
            OffsetDateTime expires = rs.getObject(5, OffsetDateTime.class);
            return new Lot(rs.getLong(1), storeId, rs.getLong(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                    expires == null ? null : expires.toInstant());
        }, OPEN_LOTS, chainId, customerId);
    }
}
