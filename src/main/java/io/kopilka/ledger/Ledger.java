package io.kopilka.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The only code that writes points. Entries are appended, never changed; the balance is kept as
 * lots (one per crediting entry) that debits consume oldest-expiring first, so that
 * sum(entries) = sum(lots) for every customer. Callers pass the connection of their transaction and
 * hold the customer's row lock whenever they spend points.
 */
@ApplicationScoped
public class Ledger {

    private static final String BALANCE = balanceOf("?", "?");

    private static final String CREDIT = """
            WITH e AS (
              INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, receipt_id, return_id,
                                          ref_entry_id, reason, user_id, created_at, available_at, expires_at, flagged)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id)
            INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining, available_at, expires_at)
            SELECT ?, e.id, ?, ?, ?, ?, ?, ? FROM e RETURNING id""";

    /*
     * One round trip: pick lots oldest-expiring first (a preferred lot, e.g. the receipt's own earn lot,
     * goes first even while pending), write the entry, take the points off the lots and record which
     * lots gave them.
     */
    private static final String DEBIT = """
            WITH lots AS (
              SELECT id, points_remaining,
                     sum(points_remaining) OVER (ORDER BY (id = ?) DESC, expires_at NULLS LAST, id) AS running
                FROM point_lots
               WHERE chain_id = ? AND customer_id = ? AND points_remaining > 0
                 AND (id = ? OR (available_at <= ? AND (expires_at IS NULL OR expires_at > ?)))),
            take AS (
              SELECT id, least(points_remaining, ? - (running - points_remaining)) AS points
                FROM lots WHERE running - points_remaining < ?),
            e AS (
              INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, receipt_id, return_id,
                                          ref_entry_id, reason, user_id, created_at, available_at, expires_at, flagged)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id),
            upd AS (
              UPDATE point_lots p SET points_remaining = p.points_remaining - take.points
                FROM take WHERE p.chain_id = ? AND p.id = take.id),
            cons AS (
              INSERT INTO lot_consumptions (chain_id, entry_id, lot_id, customer_id, points)
              SELECT ?, e.id, take.id, ?, take.points FROM take, e)
            SELECT e.id, (SELECT coalesce(sum(points), 0) FROM take) FROM e""";

    private static final String RESTORE_LOTS = """
            UPDATE point_lots p SET points_remaining = p.points_remaining + c.points
              FROM lot_consumptions c
             WHERE c.chain_id = ? AND c.entry_id = ? AND p.chain_id = c.chain_id AND p.id = c.lot_id""";

    private static final String COPY_CONSUMPTIONS = """
            INSERT INTO lot_consumptions (chain_id, entry_id, lot_id, customer_id, points)
            SELECT chain_id, ?, lot_id, customer_id, points FROM lot_consumptions WHERE chain_id = ? AND entry_id = ?""";

    private static final String INSERT_ENTRY = """
            INSERT INTO ledger_entries (chain_id, customer_id, kind, points, store_id, receipt_id, return_id,
                                        ref_entry_id, reason, user_id, created_at, available_at, expires_at, flagged)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, false) RETURNING id""";

    /**
     * The balance query for the customer the two SQL expressions name (bind parameters or another table's
     * columns), e.g. inside a LATERAL join; its first three parameters are the instant of the balance. Its three
     * columns are read by {@link #balance(ResultSet, int)}.
     */
    public static String balanceOf(String chainId, String customerId) {
        return """
                SELECT coalesce(sum(points_remaining) FILTER (WHERE available_at <= ? AND (expires_at IS NULL OR expires_at > ?)), 0),
                       coalesce(sum(points_remaining) FILTER (WHERE available_at > ?), 0),
                       (SELECT coalesce(sum(points_redeemed), 0) FROM receipts r
                         WHERE r.chain_id = %1$s AND r.customer_id = %2$s AND r.status = 'held')
                  FROM point_lots WHERE chain_id = %1$s AND customer_id = %2$s AND points_remaining <> 0"""
                .formatted(chainId, customerId);
    }

    /** Binds the instant of {@link #balanceOf}'s query from parameter {@code first} on; returns the next index. */
    public static int bindBalanceAt(PreparedStatement ps, int first, Instant now) throws SQLException {
        OffsetDateTime t = odt(now);
        ps.setObject(first, t);
        ps.setObject(first + 1, t);
        ps.setObject(first + 2, t);
        return first + 3;
    }

    /** The balance in the three columns of {@link #balanceOf} from column {@code first} on. */
    public static Balance balance(ResultSet rs, int first) throws SQLException {
        return new Balance(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2));
    }

    public Balance balance(Connection c, long chainId, long customerId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BALANCE)) {
            int i = bindBalanceAt(ps, 1, now);
            ps.setLong(i++, chainId);
            ps.setLong(i++, customerId);
            ps.setLong(i++, chainId);
            ps.setLong(i, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return balance(rs, 1);
            }
        }
    }

    /** Adds points as a new lot; returns the entry id (which is also the lot id). */
    public long credit(Connection c, Posting p, EntryKind kind, long points, Long refEntryId, Instant availableAt,
            Instant expiresAt) throws SQLException {
        return credit(c, p, kind, points, refEntryId, availableAt, expiresAt, p.storeId());
    }

    /**
     * As above, with the lot booked to {@code lotStoreId} while the entry stays at the posting's store: redeemed
     * points given back by a return at one store go back onto the books of the store that earned them
     * (docs/reports.md, Settlement).
     */
    public long credit(Connection c, Posting p, EntryKind kind, long points, Long refEntryId, Instant availableAt,
            Instant expiresAt, Long lotStoreId) throws SQLException {
        if (points <= 0) {
            throw new IllegalArgumentException("a credit must be positive");
        }
        try (PreparedStatement ps = c.prepareStatement(CREDIT)) {
            int i = entryParams(ps, 1, p, kind, points, refEntryId);
            ps.setObject(i++, odt(availableAt));
            ps.setObject(i++, expiresAt == null ? null : odt(expiresAt), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setBoolean(i++, false);
            ps.setLong(i++, p.chainId());
            ps.setLong(i++, p.customerId());
            setLong(ps, i++, lotStoreId);
            ps.setLong(i++, points);
            ps.setLong(i++, points);
            ps.setObject(i++, odt(availableAt));
            ps.setObject(i, expiresAt == null ? null : odt(expiresAt), Types.TIMESTAMP_WITH_TIMEZONE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Takes points off the customer's available lots, oldest-expiring first. The caller has checked the
     * available balance under the customer lock; when {@code allowDebt} is set (a return reversing
     * points already spent) the part no lot covers becomes a negative lot and the entry is flagged.
     *
     * @return the entry id
     */
    public long debit(Connection c, Posting p, EntryKind kind, long points, Long refEntryId, Long preferredLot,
            boolean allowDebt) throws SQLException {
        if (points <= 0) {
            throw new IllegalArgumentException("a debit must be positive");
        }
        long entryId;
        long taken;
        OffsetDateTime at = odt(p.at());
        long preferred = preferredLot == null ? -1 : preferredLot;
        try (PreparedStatement ps = c.prepareStatement(DEBIT)) {
            int i = 1;
            ps.setLong(i++, preferred);
            ps.setLong(i++, p.chainId());
            ps.setLong(i++, p.customerId());
            ps.setLong(i++, preferred);
            ps.setObject(i++, at);
            ps.setObject(i++, at);
            ps.setLong(i++, points);
            ps.setLong(i++, points);
            i = entryParams(ps, i, p, kind, -points, refEntryId);
            ps.setObject(i++, at);
            ps.setBoolean(i++, false);
            ps.setLong(i++, p.chainId());
            ps.setLong(i++, p.chainId());
            ps.setLong(i, p.customerId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                entryId = rs.getLong(1);
                taken = rs.getLong(2);
            }
        }
        if (taken < points) {
            if (!allowDebt) {
                throw new IllegalStateException("lots cover " + taken + " of " + points + " points");
            }
            openDebt(c, p, entryId, points - taken);
        }
        return entryId;
    }

    /** A reversal of points already spent leaves the customer owing them: a negative lot, flagged. */
    private void openDebt(Connection c, Posting p, long entryId, long owed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH flag AS (INSERT INTO lot_consumptions (chain_id, entry_id, lot_id, customer_id, points)
                              VALUES (?, ?, ?, ?, ?))
                INSERT INTO point_lots (chain_id, id, customer_id, store_id, points_initial, points_remaining, available_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL)""")) {
            ps.setLong(1, p.chainId());
            ps.setLong(2, entryId);
            ps.setLong(3, entryId);
            ps.setLong(4, p.customerId());
            ps.setLong(5, owed);
            ps.setLong(6, p.chainId());
            ps.setLong(7, entryId);
            ps.setLong(8, p.customerId());
            setLong(ps, 9, p.storeId());
            ps.setLong(10, -owed);
            ps.setLong(11, -owed);
            ps.setObject(12, odt(p.at()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ledger_debts (chain_id, entry_id, customer_id, points) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, p.chainId());
            ps.setLong(2, entryId);
            ps.setLong(3, p.customerId());
            ps.setLong(4, owed);
            ps.executeUpdate();
        }
    }

    /** A held receipt's points go back to the lots they came from. */
    public long release(Connection c, Posting p, long holdEntryId, long points) throws SQLException {
        long id = plainEntry(c, p, EntryKind.release, points, holdEntryId);
        try (PreparedStatement ps = c.prepareStatement(RESTORE_LOTS)) {
            ps.setLong(1, p.chainId());
            ps.setLong(2, holdEntryId);
            ps.executeUpdate();
        }
        return id;
    }

    /** Payment went through: the hold becomes a redemption of the very same lots. */
    public long convertHold(Connection c, Posting p, long holdEntryId, long points) throws SQLException {
        plainEntry(c, p, EntryKind.release, points, holdEntryId);
        long redeemId = plainEntry(c, p, EntryKind.redeem, -points, holdEntryId);
        try (PreparedStatement ps = c.prepareStatement(COPY_CONSUMPTIONS)) {
            ps.setLong(1, redeemId);
            ps.setLong(2, p.chainId());
            ps.setLong(3, holdEntryId);
            ps.executeUpdate();
        }
        return redeemId;
    }

    /** The latest expiry among the lots a redemption used: refunded points keep their original life. */
    public Instant refundExpiry(Connection c, long chainId, long redeemEntryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT max(l.expires_at) FROM lot_consumptions c
                  JOIN point_lots l ON l.chain_id = c.chain_id AND l.id = c.lot_id
                 WHERE c.chain_id = ? AND c.entry_id = ?""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, redeemEntryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private long plainEntry(Connection c, Posting p, EntryKind kind, long points, Long refEntryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
            int i = entryParams(ps, 1, p, kind, points, refEntryId);
            ps.setObject(i, odt(p.at()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int entryParams(PreparedStatement ps, int i, Posting p, EntryKind kind, long points, Long ref)
            throws SQLException {
        ps.setLong(i++, p.chainId());
        ps.setLong(i++, p.customerId());
        ps.setString(i++, kind.name());
        ps.setLong(i++, points);
        setLong(ps, i++, p.storeId());
        setLong(ps, i++, p.receiptId());
        setLong(ps, i++, p.returnId());
        setLong(ps, i++, ref);
        ps.setString(i++, p.reason());
        setLong(ps, i++, p.userId());
        ps.setObject(i++, odt(p.at()));
        return i;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    public static OffsetDateTime odt(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    /** Entries of one customer, newest first. */
    public List<LedgerEntryView> entries(Connection c, long chainId, long customerId, int limit) throws SQLException {
        return entries(c, chainId, customerId, null, limit);
    }

    /**
     * Entries of one customer, newest first; with a franchisee, only those made in its stores (a franchisee sees
     * nothing of other stores' lines, nor of lines without a store such as head office's adjustments).
     */
    public List<LedgerEntryView> entries(Connection c, long chainId, long customerId, Long franchiseeId, int limit)
            throws SQLException {
        List<LedgerEntryView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.id, e.kind, e.points, e.store_id, s.code, e.receipt_id, r.receipt_no, e.return_id, e.ref_entry_id,
                       e.reason, e.user_id, e.created_at, e.available_at, e.expires_at,
                       e.flagged OR EXISTS (SELECT 1 FROM ledger_debts d WHERE d.chain_id = e.chain_id AND d.entry_id = e.id)
                  FROM ledger_entries e
                  LEFT JOIN stores s ON s.chain_id = e.chain_id AND s.id = e.store_id
                  LEFT JOIN receipts r ON r.chain_id = e.chain_id AND r.id = e.receipt_id
                 WHERE e.chain_id = ? AND e.customer_id = ? AND (?::bigint IS NULL OR s.franchisee_id = ?)
                 ORDER BY e.id DESC LIMIT ?""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            ps.setObject(3, franchiseeId, java.sql.Types.BIGINT);
            ps.setObject(4, franchiseeId, java.sql.Types.BIGINT);
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LedgerEntryView(rs.getLong(1), rs.getString(2), rs.getLong(3), nullableLong(rs, 4),
                            rs.getString(5), nullableLong(rs, 6), rs.getString(7), nullableLong(rs, 8), nullableLong(rs, 9),
                            rs.getString(10), nullableLong(rs, 11), rs.getObject(12, OffsetDateTime.class),
                            rs.getObject(13, OffsetDateTime.class), rs.getObject(14, OffsetDateTime.class), rs.getBoolean(15)));
                }
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }
}
