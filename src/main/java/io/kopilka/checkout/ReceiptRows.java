package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Sql;
import io.kopilka.rules.Calculation;

/** Receipt rows: insert (idempotent on store + receipt number), read back, change status. */
@ApplicationScoped
public class ReceiptRows {

    /** A stored receipt as the use cases need it. */
    public record Stored(long id, long storeId, Long customerId, byte[] requestHash, String status,
            OffsetDateTime occurredAt, OffsetDateTime holdExpiresAt, long pointsRedeemed, long pointsEarned,
            long paidByPointsMinor, int rulesVersion, ReceiptResult result) {
    }

    /** A receipt's customer (null: anonymous), which is locked before the receipt. */
    record Owner(Long customerId) {
    }

    public record Line(int index, java.math.BigDecimal qty, long amountMinor, long paidByPointsMinor, long pointsEarned) {
    }

    /*
     * The receipt and its lines in one round trip: the lines travel as one array per column and are written only
     * when the receipt is (a receipt number the store already used inserts nothing and returns no id).
     */
    private static final String INSERT = """
            WITH r AS (
              INSERT INTO receipts (chain_id, store_id, terminal_id, receipt_no, request_hash, customer_id, occurred_at,
                                    recorded_at, status, hold_expires_at, offline, rules_version, total_minor,
                                    discount_minor, paid_by_points_minor, to_pay_minor, points_redeemed, points_earned,
                                    result)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
              ON CONFLICT (chain_id, store_id, receipt_no) DO NOTHING RETURNING chain_id, id),
            l AS (
              INSERT INTO receipt_lines (chain_id, receipt_id, line_index, sku, name, category, qty, amount_minor,
                                         discount_minor, paid_by_points_minor, final_amount_minor, points_earned)
              SELECT r.chain_id, r.id, x.n - 1, x.sku, x.name, x.category, x.qty, x.amount, x.discount, x.by_points,
                     x.final, x.earned
                FROM r, unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::bigint[], ?::bigint[], ?::bigint[],
                               ?::bigint[], ?::bigint[])
                        WITH ORDINALITY AS x (sku, name, category, qty, amount, discount, by_points, final, earned, n))
            SELECT id FROM r""";

    private static final String COLUMNS = """
            SELECT id, store_id, customer_id, request_hash, status, occurred_at, hold_expires_at, points_redeemed,
                   points_earned, paid_by_points_minor, rules_version, result
              FROM receipts""";

    private static final String SELECT = COLUMNS + " WHERE chain_id = ? AND store_id = ?";

    @Inject
    ObjectMapper json;

    /** @return the new id, or null when the store already has a receipt with this number */
    Long insert(Connection c, long chainId, long storeId, long terminalId, ReceiptCommand cmd, Long customerId,
            String status, OffsetDateTime holdExpiresAt, int rulesVersion, Calculation calc, String resultJson,
            java.time.Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int i = 1;
            ps.setLong(i++, chainId);
            ps.setLong(i++, storeId);
            ps.setLong(i++, terminalId);
            ps.setString(i++, cmd.receiptNo());
            ps.setBytes(i++, cmd.requestHash());
            ps.setObject(i++, customerId, java.sql.Types.BIGINT);
            ps.setObject(i++, cmd.occurredAt());
            ps.setObject(i++, Ledger.odt(now));
            ps.setString(i++, status);
            ps.setObject(i++, holdExpiresAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setBoolean(i++, cmd.offline());
            ps.setInt(i++, rulesVersion);
            ps.setLong(i++, calc.totalMinor());
            ps.setLong(i++, calc.discountMinor());
            ps.setLong(i++, calc.paidByPointsMinor());
            ps.setLong(i++, calc.toPayMinor());
            ps.setLong(i++, calc.pointsRedeemed());
            ps.setLong(i++, calc.pointsEarned());
            ps.setString(i++, resultJson);
            bindLines(c, ps, i, cmd.lines(), calc.lines());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void bindLines(Connection c, PreparedStatement ps, int first, List<ReceiptCommand.Line> lines,
            List<Calculation.LineResult> results) throws SQLException {
        int n = lines.size();
        String[] sku = new String[n];
        String[] name = new String[n];
        String[] category = new String[n];
        java.math.BigDecimal[] qty = new java.math.BigDecimal[n];
        Long[] amount = new Long[n];
        Long[] discount = new Long[n];
        Long[] byPoints = new Long[n];
        Long[] finalAmount = new Long[n];
        Long[] earned = new Long[n];
        for (int k = 0; k < n; k++) {
            ReceiptCommand.Line line = lines.get(k);
            Calculation.LineResult r = results.get(k);
            sku[k] = line.sku();
            name[k] = line.name();
            category[k] = line.category();
            qty[k] = line.qty();
            amount[k] = line.amountMinor();
            discount[k] = r.discountMinor();
            byPoints[k] = r.paidByPointsMinor();
            finalAmount[k] = r.finalAmountMinor();
            earned[k] = r.pointsEarned();
        }
        int i = first;
        ps.setArray(i++, c.createArrayOf("text", sku));
        ps.setArray(i++, c.createArrayOf("text", name));
        ps.setArray(i++, c.createArrayOf("text", category));
        ps.setArray(i++, c.createArrayOf("numeric", qty));
        ps.setArray(i++, c.createArrayOf("bigint", amount));
        ps.setArray(i++, c.createArrayOf("bigint", discount));
        ps.setArray(i++, c.createArrayOf("bigint", byPoints));
        ps.setArray(i++, c.createArrayOf("bigint", finalAmount));
        ps.setArray(i, c.createArrayOf("bigint", earned));
    }

    public Stored byNumber(Connection c, long chainId, long storeId, String receiptNo) throws SQLException {
        return one(c, SELECT + " AND receipt_no = ?", false, chainId, storeId, receiptNo);
    }

    /** A receipt of this store only: another store's receipt is as unknown as a missing one. */
    public Stored byId(Connection c, long chainId, long storeId, long id, boolean lock) throws SQLException {
        return one(c, SELECT + " AND id = ?", lock, chainId, storeId, id);
    }

    /** A receipt of any store of the chain (returns are taken wherever the customer comes). */
    Stored inChain(Connection c, long chainId, long id, boolean lock) throws SQLException {
        return one(c, COLUMNS + " WHERE chain_id = ? AND id = ?", lock, chainId, id);
    }

    /** The receipt's customer, of this store ({@code storeId} given) or of any store of the chain; null: no receipt. */
    Owner owner(Connection c, long chainId, Long storeId, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT customer_id FROM receipts WHERE chain_id = ? AND id = ? AND (store_id = ? OR ?::bigint IS NULL)")) {
            ps.setLong(1, chainId);
            ps.setLong(2, id);
            ps.setObject(3, storeId, java.sql.Types.BIGINT);
            ps.setObject(4, storeId, java.sql.Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long customer = rs.getLong(1);
                return new Owner(rs.wasNull() ? null : customer);
            }
        }
    }

    /** A receipt by what is printed on it: the store's code and the receipt number. */
    Stored byPrintedNumber(Connection c, long chainId, String storeCode, String receiptNo) throws SQLException {
        return one(c, COLUMNS + " WHERE chain_id = ? AND store_id = (SELECT id FROM stores WHERE chain_id = ? AND code = ?)"
                + " AND receipt_no = ?", false, chainId, chainId, storeCode, receiptNo);
    }

    private Stored one(Connection c, String sql, boolean lock, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock ? sql + " FOR UPDATE" : sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long customer = rs.getLong(3);
                Long customerId = rs.wasNull() ? null : customer;
                ReceiptResult stored = json.readValue(rs.getString(12), ReceiptResult.class);
                long id = rs.getLong(1);
                String status = rs.getString(5);
                return new Stored(id, rs.getLong(2), customerId, rs.getBytes(4), status,
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class), rs.getLong(8),
                        rs.getLong(9), rs.getLong(10), rs.getInt(11), stored.withIdentity(id, status));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored receipt result that Jackson cannot read", e);
        }
    }

    public List<Line> lines(Connection c, long chainId, long receiptId) throws SQLException {
        List<Line> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT line_index, qty, amount_minor, paid_by_points_minor, points_earned
                  FROM receipt_lines WHERE chain_id = ? AND receipt_id = ? ORDER BY line_index""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line(rs.getInt(1), rs.getBigDecimal(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    public void setStatus(Connection c, long chainId, long id, String status) throws SQLException {
        Sql.update(c, "UPDATE receipts SET status = ? WHERE chain_id = ? AND id = ?", status, chainId, id);
    }

    /** Ledger entries a receipt wrote, by kind (earn, redeem, hold). */
    public Long entryOf(Connection c, long chainId, long receiptId, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id FROM ledger_entries WHERE chain_id = ? AND receipt_id = ? AND kind = ? AND return_id IS NULL
                 ORDER BY id DESC LIMIT 1""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            ps.setString(3, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
