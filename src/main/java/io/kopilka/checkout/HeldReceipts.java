package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.customers.Customers;
import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.rules.Programme;
import io.quarkus.scheduler.Scheduled;

/**
 * Two-phase receipts: a held receipt reserves its points until the register confirms or cancels it,
 * or its hold runs out. Lock order everywhere: customer row, then receipt row.
 */
@ApplicationScoped
public class HeldReceipts {

    private static final Logger LOG = Logger.getLogger(HeldReceipts.class);
    private static final String HOLD_EXPIRED = "hold expired";

    @Inject
    DataSource dataSource;

    @Inject
    ReceiptRows receipts;

    @Inject
    Customers customers;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    io.kopilka.customers.Referrals referrals;

    @Inject
    PromoCodes promoCodes;

    public ReceiptResult confirm(TerminalIdentity till, long receiptId, Instant now) throws SQLException {
        return inTransaction(c -> {
            ReceiptRows.Stored r = lockReceipt(c, till, receiptId);
            switch (r.status()) {
                case "confirmed":
                    return r.result();
                case "cancelled":
                    if (releasedByExpiry(c, till.chainId(), r, now)) {
                        // The sweeper (or a new receipt of the customer) got there first: same answer as below.
                        throw holdExpired(r);
                    }
                    throw Problems.conflict("receipt-cancelled", "The receipt is cancelled",
                            "Receipt " + receiptId + " was cancelled and cannot be confirmed");
                default:
                    break;
            }
            if (!r.holdExpiresAt().toInstant().isAfter(now)) {
                release(c, till.chainId(), r, now, HOLD_EXPIRED);
                c.commit();
                throw holdExpired(r);
            }
            if (r.customerId() != null) {
                Posting posting = Posting.forReceipt(till.chainId(), r.customerId(), r.storeId(), r.id(), now);
                if (r.pointsRedeemed() > 0) {
                    Long holdEntry = receipts.entryOf(c, till.chainId(), r.id(), "hold");
                    ledger.convertHold(c, posting, holdEntry, r.pointsRedeemed());
                }
                if (r.pointsEarned() > 0) {
                    Programme p = programmes.active(till.chainId(), r.occurredAt().toInstant());
                    Instant availableAt = r.occurredAt().toInstant().plus(p.accrualDelayDays(), ChronoUnit.DAYS);
                    ledger.credit(c, posting, EntryKind.earn, r.pointsEarned(), null, availableAt,
                            availableAt.plus(p.expiryDays(), ChronoUnit.DAYS));
                }
            }
            if (r.customerId() != null) {
                Programme p = programmes.active(till.chainId(), r.occurredAt().toInstant());
                referrals.onConfirmedReceipt(c, customers.lock(c, till.chainId(), r.customerId()), p, r.id(),
                        r.result().totalMinor(), r.occurredAt().toInstant());
            }
            receipts.setStatus(c, till.chainId(), r.id(), "confirmed");
            return withBalance(c, till.chainId(), r.result().withIdentity(r.id(), "confirmed"), now);
        });
    }

    /**
     * Cancels a held receipt (its points go back), or reverses a confirmed one whole on the day it was
     * taken at the same store; later, or after a partial return, the register must use a return.
     */
    public ReceiptResult cancel(TerminalIdentity till, long receiptId, Instant now) throws SQLException {
        return inTransaction(c -> {
            ReceiptRows.Stored r = lockReceipt(c, till, receiptId);
            if ("cancelled".equals(r.status())) {
                return r.result();
            }
            if ("held".equals(r.status())) {
                release(c, till.chainId(), r, now, "cancelled by the register");
                return withBalance(c, till.chainId(), r.result().withIdentity(r.id(), "cancelled"), now);
            }
            LocalDate receiptDay = r.occurredAt().atZoneSameInstant(till.storeZone()).toLocalDate();
            LocalDate today = now.atZone(till.storeZone()).toLocalDate();
            if (!receiptDay.equals(today)) {
                throw Problems.conflict("cancel-window-passed", "Too late to cancel",
                        "A confirmed receipt can be cancelled only on the day it was taken (" + receiptDay
                                + ", store time); use a return instead");
            }
            if (hasReturns(c, till.chainId(), r.id())) {
                throw Problems.conflict("receipt-has-returns", "The receipt has returns",
                        "Part of this receipt was already returned; return the rest instead of cancelling");
            }
            if (r.customerId() != null) {
                Posting posting = Posting.forReceipt(till.chainId(), r.customerId(), r.storeId(), r.id(), now);
                Reversals.reverse(c, ledger, receipts, posting, r, r.pointsEarned(), r.pointsRedeemed());
                referrals.onReturn(c, till.chainId(), r.id(), till.storeId(), now);
            }
            promoCodes.release(c, till.chainId(), r.id());
            receipts.setStatus(c, till.chainId(), r.id(), "cancelled");
            return withBalance(c, till.chainId(), r.result().withIdentity(r.id(), "cancelled"), now);
        });
    }

    public ReceiptResult get(TerminalIdentity till, long receiptId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            ReceiptRows.Stored r = receipts.byId(c, till.chainId(), till.storeId(), receiptId, false);
            if (r == null) {
                throw Problems.notFound("Receipt " + receiptId);
            }
            return r.result();
        }
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

    /** Every 30 s: holds nobody confirmed go back to their customers. Safe on several nodes at once. */
    @Scheduled(every = "${kopilka.holds.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int released = sweepExpired(Instant.now(), 200);
            if (released > 0) {
                LOG.infof("Released %d expired holds", released);
            }
        } catch (SQLException e) {
            LOG.warn("Hold sweep failed; it will run again", e);
        }
    }

    public int sweepExpired(Instant now, int limit) throws SQLException {
        List<long[]> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT chain_id, customer_id FROM receipts
                 WHERE status = 'held' AND hold_expires_at <= ? AND customer_id IS NOT NULL LIMIT ?""")) {
            ps.setObject(1, Ledger.odt(now));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        int released = 0;
        for (long[] d : due) {
            released += inTransaction(c -> {
                if (customers.lock(c, d[0], d[1]) == null) {
                    return 0;
                }
                releaseExpired(c, d[0], d[1], now);
                return 1;
            });
        }
        // Anonymous held receipts hold no points: they give back promo uses and stop being held.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE promo_redemptions SET released = true
                 WHERE (chain_id, receipt_id) IN (SELECT chain_id, id FROM receipts
                         WHERE status = 'held' AND hold_expires_at <= ? AND customer_id IS NULL)""")) {
            ps.setObject(1, Ledger.odt(now));
            ps.executeUpdate();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE receipts SET status = 'cancelled'
                 WHERE status = 'held' AND hold_expires_at <= ? AND customer_id IS NULL""")) {
            ps.setObject(1, Ledger.odt(now));
            released += ps.executeUpdate();
        }
        return released;
    }

    private static ProblemException holdExpired(ReceiptRows.Stored r) {
        return Problems.conflict("hold-expired", "The hold has expired",
                "The hold on receipt " + r.id() + " expired at " + r.holdExpiresAt()
                        + "; its points were released. Record the receipt again with a new number");
    }

    /** Whether a cancelled receipt is a hold that ran out, rather than one the register cancelled. */
    private boolean releasedByExpiry(Connection c, long chainId, ReceiptRows.Stored r, Instant now) throws SQLException {
        if (r.holdExpiresAt() == null || r.holdExpiresAt().toInstant().isAfter(now)) {
            return false;
        }
        if (r.customerId() == null || r.pointsRedeemed() == 0) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM ledger_entries WHERE chain_id = ? AND receipt_id = ? AND kind = 'release' AND reason = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, r.id());
            ps.setString(3, HOLD_EXPIRED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void release(Connection c, long chainId, ReceiptRows.Stored r, Instant now, String reason) throws SQLException {
        if (r.customerId() != null && r.pointsRedeemed() > 0) {
            Long holdEntry = receipts.entryOf(c, chainId, r.id(), "hold");
            Posting posting = new Posting(chainId, r.customerId(), r.storeId(), r.id(), null, null, reason, now);
            ledger.release(c, posting, holdEntry, r.pointsRedeemed());
        }
        promoCodes.release(c, chainId, r.id());
        receipts.setStatus(c, chainId, r.id(), "cancelled");
    }

    private ReceiptRows.Stored lockReceipt(Connection c, TerminalIdentity till, long receiptId) throws SQLException {
        ReceiptRows.Stored r = receipts.byId(c, till.chainId(), till.storeId(), receiptId, false);
        if (r == null) {
            throw Problems.notFound("Receipt " + receiptId);
        }
        if (r.customerId() != null) {
            customers.lock(c, till.chainId(), r.customerId());
        }
        return receipts.byId(c, till.chainId(), till.storeId(), receiptId, true);
    }

    private boolean hasReturns(Connection c, long chainId, long receiptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM receipt_returns WHERE chain_id = ? AND receipt_id = ? LIMIT 1")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    ReceiptResult withBalance(Connection c, long chainId, ReceiptResult result, Instant now) throws SQLException {
        if (result.customerId() == null) {
            return result;
        }
        return result.withBalance(ledger.balance(c, chainId, result.customerId(), now));
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
