package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A promo code's limits as counters (ADR 0034, schema V18): no receipt counts a code's history, and no row is
 * shared by every till. A per-customer limit locks only that customer's counter; a total limit takes one free
 * use from one of up to 32 stripes, skipping stripes other receipts hold and waiting only when every stripe
 * with a use left is held.
 */
final class PromoLimits {

    enum Refusal { FULLY_USED, USED_BY_CUSTOMER }

    private static final String CUSTOMER_TAKE = """
            INSERT INTO promo_customer_uses AS u (chain_id, promo_id, customer_id, uses) VALUES (?, ?, ?, 1)
            ON CONFLICT (chain_id, promo_id, customer_id) DO UPDATE SET uses = u.uses + 1 WHERE u.uses < ?
            RETURNING u.uses""";

    private static final String CUSTOMER_UNDO = """
            UPDATE promo_customer_uses SET uses = uses - 1
             WHERE chain_id = ? AND promo_id = ? AND customer_id = ? AND uses > 0""";

    private static final String CUSTOMER_LEFT = """
            SELECT count(*) FROM promo_customer_uses WHERE chain_id = ? AND promo_id = ? AND customer_id = ? AND uses >= ?""";

    // The first try starts at a stripe turned by the terminal and skips held ones, so tills seldom meet. The
    // wait, when every stripe with a use left is held, goes in stripe order: a stripe found spent once its lock
    // is had stays locked until commit, so waiters in different orders could deadlock. The pick is a CTE so that
    // it runs once (a subquery rescanned in a join could lock and take several stripes).
    private static final String TOTAL_TAKE = """
            WITH pick AS MATERIALIZED (
                SELECT stripe FROM promo_limit_stripes
                 WHERE chain_id = ? AND promo_id = ? AND free > 0
                 ORDER BY %s LIMIT 1 FOR UPDATE %s)
            UPDATE promo_limit_stripes s SET free = s.free - 1 FROM pick
             WHERE s.chain_id = ? AND s.promo_id = ? AND s.stripe = pick.stripe
            RETURNING s.stripe""";

    private static final String TAKE_UNHELD = String.format(TOTAL_TAKE, "(stripe + ?) % 32", "SKIP LOCKED");

    private static final String TAKE_WAITING = String.format(TOTAL_TAKE, "stripe", "");

    private static final String TOTAL_LEFT = """
            SELECT count(*) FROM promo_limit_stripes WHERE chain_id = ? AND promo_id = ? AND free > 0""";

    // a released use goes to the stripe with the least free: a debt left by a lowered limit is paid first
    private static final String TOTAL_GIVE_BACK = """
            WITH pick AS MATERIALIZED (
                SELECT stripe FROM promo_limit_stripes WHERE chain_id = ? AND promo_id = ?
                 ORDER BY free, stripe LIMIT 1 FOR UPDATE)
            UPDATE promo_limit_stripes s SET free = s.free + 1 FROM pick
             WHERE s.chain_id = ? AND s.promo_id = ? AND s.stripe = pick.stripe""";

    private PromoLimits() {
    }

    /** Takes one use of the code (a dry run only looks); null when taken, else why not. */
    static Refusal take(Connection c, long chainId, long promoId, Integer totalLimit, Integer perCustomerLimit,
            Long customerId, long tillKey, boolean dryRun) throws SQLException {
        if (dryRun) {
            if (perCustomerLimit != null && count(c, CUSTOMER_LEFT, chainId, promoId, customerId, perCustomerLimit) > 0) {
                return Refusal.USED_BY_CUSTOMER;
            }
            return totalLimit != null && count(c, TOTAL_LEFT, chainId, promoId) == 0 ? Refusal.FULLY_USED : null;
        }
        if (perCustomerLimit != null && !takeCustomer(c, chainId, promoId, customerId, perCustomerLimit)) {
            return Refusal.USED_BY_CUSTOMER;
        }
        if (totalLimit != null && !takeTotal(c, chainId, promoId, tillKey)) {
            if (perCustomerLimit != null) {
                update(c, CUSTOMER_UNDO, chainId, promoId, customerId);
            }
            return Refusal.FULLY_USED;
        }
        return null;
    }

    /** Gives a released use back to the counters of a code that has them. */
    static void giveBack(Connection c, long chainId, long promoId, Long customerId) throws SQLException {
        // the customer's counter before a stripe, in the order take locks them
        if (customerId != null) {
            update(c, CUSTOMER_UNDO, chainId, promoId, customerId);
        }
        update(c, TOTAL_GIVE_BACK, chainId, promoId, chainId, promoId);
    }

    private static boolean takeCustomer(Connection c, long chainId, long promoId, long customerId, int limit)
            throws SQLException {
        return take(c, CUSTOMER_TAKE, chainId, promoId, customerId, limit);
    }

    private static boolean takeTotal(Connection c, long chainId, long promoId, long tillKey) throws SQLException {
        Savepoint unheld = c.setSavepoint();
        if (take(c, TAKE_UNHELD, chainId, promoId, Math.floorMod(tillKey, 32), chainId, promoId)) {
            return true;
        }
        // a stripe spent by a receipt that committed after this statement began stays locked even though it was
        // skipped; let such locks go, so that every waiter below holds only stripes before the one it waits for
        c.rollback(unheld);
        return take(c, TAKE_WAITING, chainId, promoId, chainId, promoId);
    }

    private static boolean take(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
