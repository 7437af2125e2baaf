package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.ledger.EntryKind;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Transactions;
import io.kopilka.rules.Programme;
import io.quarkus.scheduler.Scheduled;

/**
 * "Bring a friend": the friend's welcome at enrolment, and the referrer's reward once the friend's first
 * qualifying receipt (at least min_receipt_minor) has left the return window without being returned.
 * A return after payment takes the reward back. At most monthly_cap rewards per referrer per calendar month
 * (UTC); rewards over the cap are recorded as capped, not paid.
 */
@ApplicationScoped
public class Referrals {

    private static final Logger LOG = Logger.getLogger(Referrals.class);

    @Inject
    Transactions tx;

    @Inject
    Ledger ledger;

    @Inject
    Customers customers;

    @Inject
    ProgrammeVersions programmes;

    public void welcomeFriend(Connection c, Customer friend, Programme p, long storeId, Instant now) throws SQLException {
        if (p.referral() == null || p.referral().friendPoints() == null || p.referral().friendPoints() <= 0) {
            return;
        }
        ledger.credit(c, new Posting(friend.chainId(), friend.id(), storeId, null, null, null, "welcome: enrolled by a friend's code", now),
                EntryKind.referral, p.referral().friendPoints(), null, now, now.plus(p.expiryDays(), ChronoUnit.DAYS));
    }

    /** Called in the receipt's transaction: the friend's first qualifying receipt starts the referrer's reward. */
    public void onConfirmedReceipt(Connection c, Customer customer, Programme p, long receiptId, long totalMinor,
            Instant occurredAt) throws SQLException {
        Programme.Referral r = p.referral();
        if (r == null || customer.referredBy() == null || r.referrerPoints() == null || r.referrerPoints() <= 0
                || totalMinor < (r.minReceiptMinor() == null ? 0 : r.minReceiptMinor())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO referral_rewards (chain_id, friend_id, referrer_id, receipt_id, points, due_at, status)
                VALUES (?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING""")) {
            ps.setLong(1, customer.chainId());
            ps.setLong(2, customer.id());
            ps.setLong(3, customer.referredBy());
            ps.setLong(4, receiptId);
            ps.setLong(5, r.referrerPoints());
            ps.setObject(6, Ledger.odt(occurredAt.plus(p.accrualDelayDays(), ChronoUnit.DAYS)));
            ps.executeUpdate();
        }
    }

    /** Called in a return's transaction: the qualifying receipt came back. */
    public void onReturn(Connection c, long chainId, long receiptId, Long storeId, Instant now) throws SQLException {
        long referrer;
        long points;
        String status;
        long friend;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT referrer_id, points, status, friend_id FROM referral_rewards
                 WHERE chain_id = ? AND receipt_id = ? FOR UPDATE""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                referrer = rs.getLong(1);
                points = rs.getLong(2);
                status = rs.getString(3);
                friend = rs.getLong(4);
            }
        }
        if ("pending".equals(status)) {
            decide(c, chainId, friend, "void", null, now);
        } else if ("granted".equals(status)) {
            customers.lock(c, chainId, referrer);
            long entry = ledger.debit(c, new Posting(chainId, referrer, storeId, receiptId, null, null,
                    "referral reward taken back: the friend's receipt was returned", now), EntryKind.referral, points, null, null, true);
            decide(c, chainId, friend, "reversed", entry, now);
        }
    }

    @Scheduled(every = "${kopilka.referrals.interval:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            grantDue(Instant.now());
        } catch (Transactions.DatabaseFailure e) {
            LOG.warn("Referral rewards failed; they will be tried again", e);
        }
    }

    public record Result(long granted, long capped, long voided) {
    }

    /** Pays the rewards whose receipts have left the return window; safe on several nodes at once. */
    public Result grantDue(Instant now) {
        long granted = 0;
        long capped = 0;
        long voided = 0;
        List<long[]> due = tx.read(c -> {
            List<long[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT chain_id, friend_id FROM referral_rewards WHERE status = 'pending' AND due_at <= ? LIMIT 1000")) {
                ps.setObject(1, Ledger.odt(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
            }
            return rows;
        });
        for (long[] d : due) {
            // one transaction per reward: a failure leaves the rewards paid before it paid
            String outcome = tx.inTransaction(c -> grantOne(c, d[0], d[1], now));
            switch (outcome) {
                case "granted" -> granted++;
                case "capped" -> capped++;
                case "void" -> voided++;
                default -> { }
            }
        }
        return new Result(granted, capped, voided);
    }

    private String grantOne(Connection c, long chainId, long friendId, Instant now) throws SQLException {
        long referrer;
        long receiptId;
        long points;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT referrer_id, receipt_id, points FROM referral_rewards
                 WHERE chain_id = ? AND friend_id = ? AND status = 'pending' FOR UPDATE SKIP LOCKED""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, friendId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "skipped";
                }
                referrer = rs.getLong(1);
                receiptId = rs.getLong(2);
                points = rs.getLong(3);
            }
        }
        if (!stillQualifies(c, chainId, receiptId)) {
            decide(c, chainId, friendId, "void", null, now);
            return "void";
        }
        Customer referrerRow = customers.lock(c, chainId, referrer);
        Programme p = programmes.active(chainId, now);
        Integer cap = p.referral() == null ? null : p.referral().monthlyCap();
        if (cap != null && grantedThisMonth(c, chainId, referrer, now) >= cap) {
            decide(c, chainId, friendId, "capped", null, now);
            return "capped";
        }
        Customer friend = customers.find(c, chainId, new CustomerRef(null, null, friendId), false);
        long entry = ledger.credit(c, new Posting(chainId, referrer, null, receiptId, null, null,
                        "referral reward: friend " + Phones.mask(friend.phone()), now),
                EntryKind.referral, points, null, now, now.plus(p.expiryDays(), ChronoUnit.DAYS));
        decide(c, chainId, friendId, "granted", entry, now);
        LOG.debugf("Referral reward of %d points to customer %d", points, referrerRow.id());
        return "granted";
    }

    private static boolean stillQualifies(Connection c, long chainId, long receiptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.status = 'confirmed'
                       AND NOT EXISTS (SELECT 1 FROM receipt_returns x WHERE x.chain_id = r.chain_id AND x.receipt_id = r.id)
                  FROM receipts r WHERE r.chain_id = ? AND r.id = ?""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static long grantedThisMonth(Connection c, long chainId, long referrer, Instant now) throws SQLException {
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM referral_rewards WHERE chain_id = ? AND referrer_id = ? AND status = 'granted'
                   AND decided_at >= ? AND decided_at < ?""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, referrer);
            ps.setObject(3, month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            ps.setObject(4, month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void decide(Connection c, long chainId, long friendId, String status, Long entryId, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE referral_rewards SET status = ?, entry_id = coalesce(?, entry_id), decided_at = ? WHERE chain_id = ? AND friend_id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, entryId, java.sql.Types.BIGINT);
            ps.setObject(3, Ledger.odt(now));
            ps.setLong(4, chainId);
            ps.setLong(5, friendId);
            ps.executeUpdate();
        }
    }
}
