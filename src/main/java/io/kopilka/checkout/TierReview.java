package io.kopilka.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.programme.ProgrammeVersions;
import io.kopilka.rules.Programme;

/**
 * The nightly tier review: customers whose rolling 365-day spend no longer reaches their tier move down.
 * One small transaction per customer, skipping customers a register is serving right now.
 */
@ApplicationScoped
public class TierReview {

    @Inject
    DataSource dataSource;

    @Inject
    ProgrammeVersions programmes;

    @Inject
    TierProgress tiers;

    public record Result(long reviewed, long moved) {
    }

    public Result downgradeDue(Instant now) throws SQLException {
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
                try (Connection c = dataSource.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT tier_code FROM customers WHERE chain_id = ? AND id = ? FOR UPDATE SKIP LOCKED")) {
                        ps.setLong(1, chainId);
                        ps.setLong(2, customerId);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                Programme.Tier deserved = TierProgress.tierFor(p, tiers.spend(c, chainId, customerId, now));
                                if (TierProgress.above(p, p.tier(rs.getString(1)), deserved.code())) {
                                    tiers.set(c, chainId, customerId, deserved.code());
                                    moved++;
                                }
                            }
                        }
                    }
                    c.commit();
                }
            }
        }
        return new Result(reviewed, moved);
    }

    private List<Long> chains() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM chains");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private List<Long> customersAbove(long chainId, String lowest) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM customers WHERE chain_id = ? AND tier_code <> ?")) {
            ps.setLong(1, chainId);
            ps.setString(2, lowest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
