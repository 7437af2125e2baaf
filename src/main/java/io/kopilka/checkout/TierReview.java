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

import io.kopilka.customers.TierSpend;
import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.platform.Transactions;
import io.kopilka.rules.Programme;

/**
 * The nightly tier review: customers whose rolling 365-day spend no longer reaches their tier move down.
 * One small transaction per customer, skipping customers a register is serving right now.
 */
@ApplicationScoped
public class TierReview {

    @Inject
    Transactions transactions;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    TierProgress tiers;

    public record Result(long reviewed, long moved) {
    }

    public Result downgradeDue(Instant now) {
        long reviewed = 0;
        long moved = 0;
        for (long chainId : chains()) {
            Programme p = programmes.active(chainId, now);
            if (p.tiers().size() < 2) {
                continue;
            }
            String lowest = TierProgress.tierFor(p, 0).code();
            for (long customerId : customersAbove(chainId, lowest)) {
                reviewed++;
                boolean lowered = transactions.inTransaction(c -> lowerIfDue(c, p, chainId, customerId, now));
                if (lowered) {
                    moved++;
                }
            }
        }
        return new Result(reviewed, moved);
    }

    /** Moves the customer down to the tier their spend deserves; false if already there or a register holds them. */
    private boolean lowerIfDue(Connection c, Programme p, long chainId, long customerId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tier_code FROM customers WHERE chain_id = ? AND id = ? FOR UPDATE SKIP LOCKED")) {
            ps.setLong(1, chainId);
            ps.setLong(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                Programme.Tier deserved = TierProgress.tierFor(p, TierSpend.of(c, chainId, customerId, now));
                if (!TierProgress.above(p, p.tier(rs.getString(1)), deserved.code())) {
                    return false;
                }
                tiers.set(c, chainId, customerId, rs.getString(1), deserved.code(), now);
                return true;
            }
        }
    }

    private List<Long> chains() {
        return transactions.read(c -> ids(c.prepareStatement("SELECT id FROM chains")));
    }

    private List<Long> customersAbove(long chainId, String lowest) {
        return transactions.read(c -> {
            PreparedStatement ps = c.prepareStatement("SELECT id FROM customers WHERE chain_id = ? AND tier_code <> ?");
            ps.setLong(1, chainId);
            ps.setString(2, lowest);
            return ids(ps);
        });
    }

    /** Runs the query and closes it. */
    private static List<Long> ids(PreparedStatement query) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = query; ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
