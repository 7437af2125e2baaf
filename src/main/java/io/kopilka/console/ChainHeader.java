package io.kopilka.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * What every console page knows about the chain: its name, its currency for money, the franchisee of a
 * franchisee user, and "today" for report periods — the latest local date among the chain's stores, so that a
 * default period ending today includes every store's receipts whatever the browser's time zone.
 */
@ApplicationScoped
public class ChainHeader {

    public record View(String chainName, String currency, String franchiseeName, LocalDate today) {
    }

    private static final String ZONES = "SELECT DISTINCT timezone FROM stores WHERE chain_id = ?";

    private static final String SQL = """
            SELECT c.name, c.currency, f.name
              FROM chains c LEFT JOIN franchisees f ON f.chain_id = c.id AND f.id = ?
             WHERE c.id = ?""";

    @Inject
    Transactions tx;

    public View of(StaffIdentity who) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                if (who.franchiseeId() == null) {
                    ps.setNull(1, Types.BIGINT);
                } else {
                    ps.setLong(1, who.franchiseeId());
                }
                ps.setLong(2, who.chainId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new View(rs.getString(1), rs.getString(2).trim(), rs.getString(3), today(c, who.chainId()));
                }
            }
        });
    }

    private static LocalDate today(Connection c, long chainId) throws SQLException {
        Instant now = Instant.now();
        LocalDate latest = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement(ZONES)) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate local = LocalDate.ofInstant(now, ZoneId.of(rs.getString(1)));
                    latest = local.isAfter(latest) ? local : latest;
                }
            }
        }
        return latest;
    }
}
