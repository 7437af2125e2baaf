package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.customers.Customer;
import io.kopilka.customers.Referrals;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;
import io.kopilka.rules.Programme;

/**
 * Two-phase receipts: a held receipt reserves its points until the register confirms or cancels it, or its
 * hold runs out ({@link ExpiredHolds}). Lock order everywhere: customer row, then receipt row.
 */
@ApplicationScoped
public class HeldReceipts {

    @Inject
    Transactions transactions;

    @Inject
    ReceiptRows receipts;

    @Inject
    ReceiptLocks locks;

    @Inject
    Ledger ledger;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    Referrals referrals;

    @Inject
    PromoCodes promoCodes;

    @Inject
    HoldReleases releases;

    @Inject
    ConfirmedEffects confirmed;

    @Inject
    ReceiptEvents events;

    /** The payment went through: the held points are redeemed, and the receipt sets off what a confirmed one does. */
    public ReceiptResult confirm(TerminalIdentity till, long receiptId, Instant now) {
        return transactions.inTransaction(c -> {
            ReceiptLocks.Locked locked = locks.lock(c, till, receiptId);
            ReceiptRows.Stored r = locked.receipt();
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
                releases.release(c, till.chainId(), r, now, HoldReleases.HOLD_EXPIRED);
                c.commit(); // the release stays; the register gets the refusal
                throw holdExpired(r);
            }
            ReceiptResult result = r.result().withIdentity(r.id(), "confirmed");
            Customer customer = locked.customer();
            if (customer != null) {
                Instant occurredAt = r.occurredAt().toInstant();
                Programme p = programmes.active(till.chainId(), occurredAt);
                ConfirmedEffects.Due due = confirmed.due(c, p, customer, occurredAt,
                        result.totalMinor() - result.discountMinor(), till.storeZone());
                Posting posting = Posting.forReceipt(till.chainId(), customer.id(), r.storeId(), r.id(), now);
                if (r.pointsRedeemed() > 0) {
                    Long holdEntry = receipts.entryOf(c, till.chainId(), r.id(), "hold");
                    ledger.convertHold(c, posting, holdEntry, r.pointsRedeemed());
                }
                confirmed.apply(c, p, customer, due, posting, occurredAt, result.totalMinor(), r.pointsEarned(),
                        till.storeZone());
                result = due.announce(result);
            }
            receipts.setStatus(c, till.chainId(), r.id(), "confirmed");
            events.confirmed(c, till.chainId(), r.storeId(), result, r.occurredAt(), now);
            return withBalance(c, till.chainId(), result, now);
        });
    }

    /**
     * Cancels a held receipt (its points go back), or reverses a confirmed one whole on the day it was
     * taken at the same store; later, or after a partial return, the register must use a return.
     */
    public ReceiptResult cancel(TerminalIdentity till, long receiptId, Instant now) {
        return transactions.inTransaction(c -> {
            ReceiptRows.Stored r = locks.lock(c, till, receiptId).receipt();
            if ("cancelled".equals(r.status())) {
                return r.result();
            }
            if ("held".equals(r.status())) {
                releases.release(c, till.chainId(), r, now, "cancelled by the register");
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
            events.cancelled(c, till.chainId(), r, "cancelled by the register", now);
            return withBalance(c, till.chainId(), r.result().withIdentity(r.id(), "cancelled"), now);
        });
    }

    public ReceiptResult get(TerminalIdentity till, long receiptId) {
        ReceiptRows.Stored r = transactions.read(c -> receipts.byId(c, till.chainId(), till.storeId(), receiptId, false));
        if (r == null) {
            throw Problems.notFound("Receipt " + receiptId);
        }
        return r.result();
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
            ps.setString(3, HoldReleases.HOLD_EXPIRED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
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

    private ReceiptResult withBalance(Connection c, long chainId, ReceiptResult result, Instant now) throws SQLException {
        if (result.customerId() == null) {
            return result;
        }
        return result.withBalance(ledger.balance(c, chainId, result.customerId(), now));
    }
}
