package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kopilka.platform.Sql;

/**
 * Which stores' books redeemed points go back to when a return gives them back: the stores of the lots the
 * redemption consumed, the last-consumed lot first (an undo), counted cumulatively over the receipt's returns so
 * that giving everything back in steps restores exactly what each store's lots gave (docs/reports.md, Settlement).
 */
final class RefundSplit {

    /** Points to give back onto the books of one store (null: lots with no store, e.g. manual grants). */
    record Part(Long storeId, long points) {
    }

    /** Points a redemption took from a lot of this store. */
    record Consumed(Long storeId, long points) {
    }

    private static final long NO_STORE = -1;

    private RefundSplit() {
    }

    /**
     * @param refundedBefore points of this redemption already given back by earlier returns
     * @param fallbackStoreId where points no consumed lot accounts for go (none, unless the redemption is unknown)
     */
    static List<Part> of(Connection c, long chainId, Long redeemEntryId, long refundedBefore, long points,
            Long fallbackStoreId) throws SQLException {
        List<Consumed> lastFirst = redeemEntryId == null ? List.of() : consumedLastFirst(c, chainId, redeemEntryId);
        return split(lastFirst, refundedBefore, points, fallbackStoreId);
    }

    /** Skips what earlier returns gave back, then fills from the lots in the order given; pure, for the tests. */
    static List<Part> split(List<Consumed> lastFirst, long refundedBefore, long points, Long fallbackStoreId) {
        Map<Long, Long> byStore = new LinkedHashMap<>();
        long skip = refundedBefore;
        long left = points;
        for (Consumed lot : lastFirst) {
            long skipped = Math.min(skip, lot.points());
            skip -= skipped;
            long take = Math.min(left, lot.points() - skipped);
            if (take > 0) {
                byStore.merge(key(lot.storeId()), take, Long::sum);
                left -= take;
            }
        }
        if (left > 0) {
            byStore.merge(key(fallbackStoreId), left, Long::sum);
        }
        List<Part> parts = new ArrayList<>();
        byStore.forEach((store, p) -> parts.add(new Part(store == NO_STORE ? null : store, p)));
        return parts;
    }

    private static long key(Long storeId) {
        return storeId == null ? NO_STORE : storeId;
    }

    /** In the reverse of the order the ledger's debit took them: latest expiry first, then the newest lot. */
    private static List<Consumed> consumedLastFirst(Connection c, long chainId, long entryId) throws SQLException {
        return Sql.rows(c, rs -> {
            long store = rs.getLong(1);
            return new Consumed(rs.wasNull() ? null : store, rs.getLong(2));
        }, """
                SELECT l.store_id, c.points FROM lot_consumptions c
                  JOIN point_lots l ON l.chain_id = c.chain_id AND l.id = c.lot_id
                 WHERE c.chain_id = ? AND c.entry_id = ? AND c.points > 0
                 ORDER BY l.expires_at DESC NULLS FIRST, l.id DESC""", chainId, entryId);
    }
}
