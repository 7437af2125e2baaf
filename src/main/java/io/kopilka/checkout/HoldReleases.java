package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;

/** Gives a held receipt's points and promo uses back and marks it cancelled, in the caller's transaction. */
@ApplicationScoped
public class HoldReleases {

    static final String HOLD_EXPIRED = "hold expired";

    @Inject
    ReceiptRows receipts;

    @Inject
    Ledger ledger;

    @Inject
    PromoCodes promoCodes;

    @Inject
    ReceiptEvents events;

    void release(Connection c, long chainId, ReceiptRows.Stored r, Instant now, String reason) throws SQLException {
        if (r.customerId() != null && r.pointsRedeemed() > 0) {
            Long holdEntry = receipts.entryOf(c, chainId, r.id(), "hold");
            Posting posting = new Posting(chainId, r.customerId(), r.storeId(), r.id(), null, null, reason, now);
            ledger.release(c, posting, holdEntry, r.pointsRedeemed());
        }
        promoCodes.release(c, chainId, r.id());
        receipts.setStatus(c, chainId, r.id(), "cancelled");
        events.cancelled(c, chainId, r, reason, now);
    }

    /** Releases this customer's holds that ran out (called under the customer's lock). */
    void releaseExpired(Connection c, long chainId, long customerId, Instant now) throws SQLException {
        List<Long> expired = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, store_id FROM receipts WHERE chain_id = ? AND customer_id = ? AND status = 'held'
                   AND hold_expires_at <= ?""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.setObject(3, Ledger.odt(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    expired.add(rs.getLong(1));
                    expired.add(rs.getLong(2));
                }
            }
        }
        for (int i = 0; i < expired.size(); i += 2) {
            ReceiptRows.Stored r = receipts.byId(c, chainId, expired.get(i + 1), expired.get(i), true);
            if (r != null && "held".equals(r.status())) {
                release(c, chainId, r, now, HOLD_EXPIRED);
            }
        }
    }
}
