package io.kopilka.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.StaffIdentity;

/** What the console's header shows: the chain, its currency for money, and the franchisee of a franchisee user. */
@ApplicationScoped
public class ChainHeader {

    public record View(String chainName, String currency, String franchiseeName) {
    }

    private static final String SQL = """
            SELECT c.name, c.currency, f.name
              FROM chains c LEFT JOIN franchisees f ON f.chain_id = c.id AND f.id = ?
             WHERE c.id = ?""";

    @Inject
    DataSource dataSource;

    public View of(StaffIdentity who) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            if (who.franchiseeId() == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, who.franchiseeId());
            }
            ps.setLong(2, who.chainId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new View(rs.getString(1), rs.getString(2).trim(), rs.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
