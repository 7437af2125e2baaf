package io.kopilka.checkout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.ledger.Balance;
import io.kopilka.ledger.Ledger;
import io.kopilka.ledger.Posting;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.ProblemException;
import io.kopilka.platform.Problems;
import io.kopilka.platform.TerminalIdentity;
import io.kopilka.platform.Transactions;

/**
 * Returns of part of a receipt. Points are reversed and refunded in proportion to the returned share
 * of each line, computed cumulatively over all returns of the receipt, so that returning everything
 * in several steps reverses exactly what the receipt earned and redeemed. A return is accepted from any store
 * of the receipt's chain and is idempotent by (receipt, return number) whichever store sends it.
 */
@ApplicationScoped
public class Returns {

    @Inject
    Transactions transactions;

    @Inject
    ReceiptLocks locks;

    @Inject
    ReceiptRows receipts;

    @Inject
    Ledger ledger;

    @Inject
    ObjectMapper json;

    @Inject
    TierProgress tiers;

    @Inject
    io.kopilka.customers.Referrals referrals;

    @Inject
    io.kopilka.programme.ProgrammeVersions programmes;

    @Inject
    ReceiptEvents events;

    public record Outcome(ReturnResult result, boolean replayed) {
    }

    /** @throws SQLException never; declared for callers outside the package that still catch it */
    public Outcome create(TerminalIdentity till, long receiptId, ReturnCommand cmd, Instant now) throws SQLException {
        return transactions.inTransaction(c -> createIn(c, till, receiptId, cmd, now));
    }

    private Outcome createIn(Connection c, TerminalIdentity till, long receiptId, ReturnCommand cmd, Instant now)
            throws SQLException {
        // Any store of the chain takes a return; it is recorded, and its points posted, at that store.
        ReceiptLocks.Locked locked = locks.lockInChain(c, till, receiptId);
        ReceiptRows.Stored r = locked.receipt();
        Outcome replay = existing(c, till.chainId(), receiptId, cmd);
        if (replay != null) {
            return replay;
        }
        if (!"confirmed".equals(r.status())) {
            throw Problems.conflict("receipt-not-confirmed", "Only a confirmed receipt can be returned",
                    "Receipt " + receiptId + " is " + r.status());
        }
        List<ReceiptRows.Line> lines = receipts.lines(c, till.chainId(), receiptId);
        BigDecimal[] before = returnedSoFar(c, till.chainId(), receiptId, lines.size());
        BigDecimal[] after = before.clone();
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < cmd.lines().size(); i++) {
            ReturnCommand.Line l = cmd.lines().get(i);
            if (l.lineIndex() >= lines.size()) {
                errors.add("lines[" + i + "].line_index", "the receipt has no line " + l.lineIndex());
                continue;
            }
            after[l.lineIndex()] = after[l.lineIndex()].add(l.qty());
        }
        errors.throwIfAny();
        for (int i = 0; i < lines.size(); i++) {
            if (after[i].compareTo(lines.get(i).qty()) > 0) {
                throw new ProblemException(422, "return-exceeds-purchase", "More returned than bought",
                        "Line " + i + ": bought " + lines.get(i).qty().stripTrailingZeros().toPlainString()
                                + ", already returned " + before[i].stripTrailingZeros().toPlainString()
                                + ", now " + after[i].subtract(before[i]).stripTrailingZeros().toPlainString(),
                        List.of(), Map.of());
            }
        }
        long reversed = earnedShare(lines, after, r.pointsEarned()) - earnedShare(lines, before, r.pointsEarned());
        long pointValue = r.pointsRedeemed() == 0 ? 1 : r.paidByPointsMinor() / r.pointsRedeemed();
        long refunded = refundedPoints(lines, after, pointValue) - refundedPoints(lines, before, pointValue);
        long returnId = nextReturnId(c);
        Balance balance = null;
        List<String> messages = new ArrayList<>();
        if (r.customerId() != null) {
            Posting posting = Posting.forReceipt(till.chainId(), r.customerId(), till.storeId(), receiptId, now)
                    .withReturn(returnId);
            Reversals.reverse(c, ledger, receipts, posting, r, reversed, refunded);
            balance = ledger.balance(c, till.chainId(), r.customerId(), now);
            if (reversed > 0) {
                messages.add(reversed + " earned points taken back");
            }
            if (refunded > 0) {
                messages.add(refunded + " points given back");
            }
            if (balance.available() < 0) {
                messages.add("The customer now owes " + (-balance.available()) + " points");
            }
        }
        ReturnResult result = new ReturnResult(returnId, receiptId, cmd.returnNo(), cmd.lines(), reversed, refunded,
                refunded * pointValue, balance, Ledger.odt(now), List.copyOf(messages));
        insert(c, till, receiptId, returnId, cmd, result, now);
        events.returned(c, till.chainId(), till.storeId(), r.customerId(), result, now);
        if (r.customerId() != null) {
            referrals.onReturn(c, till.chainId(), receiptId, till.storeId(), now);
            tiers.afterReturn(c, till.chainId(), r.customerId(), locked.customer().tierCode(),
                    programmes.active(till.chainId(), now), now);
        }
        return new Outcome(result, false);
    }

    /** Points to take back once {@code returned} of each line is back: rounded up, never above what was earned. */
    static long earnedShare(List<ReceiptRows.Line> lines, BigDecimal[] returned, long earnedTotal) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            ReceiptRows.Line l = lines.get(i);
            sum = sum.add(BigDecimal.valueOf(l.pointsEarned()).multiply(returned[i]).divide(l.qty(), 12, RoundingMode.HALF_UP));
        }
        return Math.min(earnedTotal, sum.setScale(0, RoundingMode.CEILING).longValueExact());
    }

    /** Redeemed points to give back: each line's paid-by-points money pro rata, rounded down. */
    static long refundedPoints(List<ReceiptRows.Line> lines, BigDecimal[] returned, long pointValue) {
        long minor = 0;
        for (int i = 0; i < lines.size(); i++) {
            ReceiptRows.Line l = lines.get(i);
            minor += BigDecimal.valueOf(l.paidByPointsMinor()).multiply(returned[i])
                    .divide(l.qty(), 0, RoundingMode.FLOOR).longValueExact();
        }
        return minor / pointValue;
    }

    private Outcome existing(Connection c, long chainId, long receiptId, ReturnCommand cmd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_hash, result FROM receipt_returns WHERE chain_id = ? AND receipt_id = ? AND return_no = ?")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            ps.setString(3, cmd.returnNo());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!Arrays.equals(rs.getBytes(1), cmd.requestHash())) {
                    throw Problems.conflict("return-conflict", "Return number already used",
                            "Return " + cmd.returnNo() + " of this receipt was already recorded with different lines");
                }
                return new Outcome(json.readValue(rs.getString(2), ReturnResult.class), true);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored return result that Jackson cannot read", e);
        }
    }

    private static BigDecimal[] returnedSoFar(Connection c, long chainId, long receiptId, int n) throws SQLException {
        BigDecimal[] out = new BigDecimal[n];
        Arrays.fill(out, BigDecimal.ZERO);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT line_index, sum(qty) FROM return_lines WHERE chain_id = ? AND receipt_id = ? GROUP BY line_index""")) {
            ps.setLong(1, chainId);
            ps.setLong(2, receiptId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out[rs.getInt(1)] = rs.getBigDecimal(2);
                }
            }
        }
        return out;
    }

    private static long nextReturnId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('receipt_returns', 'id'))");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void insert(Connection c, TerminalIdentity till, long receiptId, long returnId, ReturnCommand cmd,
            ReturnResult result, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO receipt_returns (chain_id, id, receipt_id, return_no, request_hash, store_id, terminal_id,
                                             created_at, points_reversed, points_refunded, result)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
            ps.setLong(1, till.chainId());
            ps.setLong(2, returnId);
            ps.setLong(3, receiptId);
            ps.setString(4, cmd.returnNo());
            ps.setBytes(5, cmd.requestHash());
            ps.setLong(6, till.storeId());
            ps.setLong(7, till.terminalId());
            ps.setObject(8, Ledger.odt(now));
            ps.setLong(9, result.pointsReversed());
            ps.setLong(10, result.pointsRefunded());
            ps.setString(11, json.writeValueAsString(result));
            ps.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a return result that Jackson cannot write", e);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO return_lines (chain_id, return_id, receipt_id, line_index, qty) VALUES (?, ?, ?, ?, ?)")) {
            // A line named twice in one return is one row: summed here, because a batched multi-row
            // INSERT ... ON CONFLICT cannot touch the same row twice.
            Map<Integer, BigDecimal> qtyByLine = new TreeMap<>();
            for (ReturnCommand.Line l : cmd.lines()) {
                qtyByLine.merge(l.lineIndex(), l.qty(), BigDecimal::add);
            }
            for (Map.Entry<Integer, BigDecimal> l : qtyByLine.entrySet()) {
                ps.setLong(1, till.chainId());
                ps.setLong(2, returnId);
                ps.setLong(3, receiptId);
                ps.setInt(4, l.getKey());
                ps.setBigDecimal(5, l.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
