package io.kopilka.campaigns.gateway;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import io.kopilka.platform.Transactions;

/**
 * The operator's rate as one row per gateway account in the database (V21, docs/adr/0038-sending-in-flight-and-the-shared-rate.md):
 * a process books a block of parts by moving the account's {@code next_free} forward, at the database's clock, and
 * learns when its block starts. Blocks of different processes never overlap, so two workers share the rate
 * instead of each sending at it; a block that is not used up is simply lost, which errs below the rate.
 */
final class SharedRate implements ThroughputPacer.Blocks {

    private final Transactions tx;
    private final String account;

    SharedRate(Transactions tx, String account) {
        this.tx = tx;
        this.account = account;
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sms_send_rate (account, next_free) VALUES (?, clock_timestamp()) ON CONFLICT DO NOTHING")) {
                ps.setString(1, account);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long book(long blockNanos) {
        long micros = Math.max(1, blockNanos / 1_000);
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH t AS (SELECT clock_timestamp() AS now)
                    UPDATE sms_send_rate r SET next_free = greatest(r.next_free, t.now) + ? * interval '1 microsecond'
                      FROM t WHERE r.account = ?
                    RETURNING (extract(epoch FROM r.next_free - t.now) * 1000000)::bigint - ?""")) {
                ps.setLong(1, micros);
                ps.setString(2, account);
                ps.setLong(3, micros);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no sms_send_rate row for " + account);
                    }
                    return Math.max(0, rs.getLong(1)) * 1_000;
                }
            }
        });
    }
}
