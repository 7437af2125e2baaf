package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.BalanceMoves;
import io.kopilka.platform.AuditLog;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * Two cards or phones of one person become one customer (docs/customers.md#merging-duplicates): the duplicate's
 * points move to the survivor by ledger entries, its receipts and referral links follow, and its phone and card
 * lead to the survivor from then on. One transaction under both customers' row locks.
 */
@ApplicationScoped
public class CustomerMerges {

    @Inject
    Transactions tx;

    @Inject
    CustomerRows rows;

    @Inject
    BalanceMoves moves;

    @Inject
    OpenHolds holds;

    @Inject
    AuditLog audit;

    public CustomerView merge(StaffIdentity who, long survivorId, MergeRequest request) {
        who.requireHeadOffice();
        Long fromId = request.fromCustomerId();
        if (fromId == null) {
            throw Problems.invalid("from_customer_id", "is required");
        }
        if (fromId == survivorId) {
            throw Problems.invalid("from_customer_id", "must be another customer than the one kept");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return tx.inTransaction(c -> {
            long chainId = who.chainId();
            // both row locks in id order, so two merges of the same pair in opposite directions cannot deadlock
            CustomerView first = rows.existing(c, chainId, Math.min(fromId, survivorId), true);
            CustomerView second = rows.existing(c, chainId, Math.max(fromId, survivorId), true);
            CustomerView survivor = first.id() == survivorId ? first : second;
            CustomerView duplicate = first.id() == survivorId ? second : first;
            CustomerRows.requireActive(survivor);
            // merging again into the same survivor sweeps up what an earning receipt recorded for the duplicate while
            // the first merge ran (earning takes no customer lock); anything else merged is refused
            boolean again = survivorId == (duplicate.mergedInto() == null ? -1 : duplicate.mergedInto());
            if (!again) {
                CustomerRows.requireActive(duplicate);
            }
            holds.refuse(c, chainId, duplicate.id(), "merged");
            CustomerView survivorBefore = rows.view(c, chainId, survivorId);
            CustomerView duplicateBefore = rows.view(c, chainId, fromId);

            long points = moves.transfer(c, chainId, fromId, survivorId, who.userId(), now);
            int receipts = Sql.update(c, "UPDATE receipts SET customer_id = ? WHERE chain_id = ? AND customer_id = ?",
                    survivorId, chainId, fromId);
            moveReferrals(c, chainId, fromId, survivorId, now);
            Sql.update(c, """
                    UPDATE customers SET merged_into = ?, merged_at = coalesce(merged_at, ?), sms_consent = false
                     WHERE chain_id = ? AND (id = ? OR merged_into = ?)""", survivorId, now.atOffset(ZoneOffset.UTC),
                    chainId, fromId, fromId);

            CustomerView after = rows.view(c, chainId, survivorId);
            if (again && points == 0 && receipts == 0) {
                return after;
            }
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("survivor", survivorBefore);
            before.put("duplicate", duplicateBefore);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("survivor", after);
            result.put("points_moved", points);
            result.put("receipts_moved", receipts);
            audit.record(c, who, "merge", "customer", survivorId, before, result, now);
            audit.record(c, who, "merged_into", "customer", fromId, duplicateBefore, Map.of("merged_into", survivorId), now);
            return after;
        });
    }

    /**
     * Friends the duplicate brought are the survivor's now, and so are its pending and paid rewards (its cap
     * counts them); the survivor is referred by the duplicate's referrer when it had none, never by itself.
     */
    private static void moveReferrals(Connection c, long chainId, long fromId, long toId, Instant now) throws SQLException {
        // a reward between the two would be the person referring themselves
        Sql.update(c, """
                UPDATE referral_rewards SET status = 'void', decided_at = ?
                 WHERE chain_id = ? AND status = 'pending'
                   AND ((referrer_id = ? AND friend_id = ?) OR (referrer_id = ? AND friend_id = ?))""",
                now.atOffset(ZoneOffset.UTC), chainId, fromId, toId, toId, fromId);
        Sql.update(c, "UPDATE customers SET referred_by = ? WHERE chain_id = ? AND referred_by = ? AND id <> ?",
                toId, chainId, fromId, toId);
        Sql.update(c, "UPDATE customers SET referred_by = NULL WHERE chain_id = ? AND id = ? AND referred_by = ?",
                chainId, toId, fromId);
        Sql.update(c, """
                UPDATE customers s SET referred_by = d.referred_by FROM customers d
                 WHERE s.chain_id = ? AND s.id = ? AND s.referred_by IS NULL
                   AND d.chain_id = s.chain_id AND d.id = ? AND d.referred_by IS NOT NULL AND d.referred_by <> s.id""",
                chainId, toId, fromId);
        Sql.update(c, "UPDATE referral_rewards SET referrer_id = ? WHERE chain_id = ? AND referrer_id = ? AND friend_id <> ?",
                toId, chainId, fromId, toId);
    }
}
