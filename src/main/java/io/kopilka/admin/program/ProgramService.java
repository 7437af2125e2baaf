package io.kopilka.admin.program;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.admin.ProgrammeVersions;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.rules.Programme;

/** Reads the chain's programme; the programme is head-office business. */
@ApplicationScoped
public class ProgramService {

    private record Meta(Long createdBy, OffsetDateTime createdAt) {
    }

    @Inject
    ProgrammeVersions programmes;

    @Inject
    DataSource dataSource;

    public Programme active(StaffIdentity who) {
        who.requireHeadOffice();
        return programmes.active(who.chainId(), Instant.now());
    }

    public List<ProgramVersionView> versions(StaffIdentity who) {
        who.requireHeadOffice();
        int active = programmes.active(who.chainId(), Instant.now()).version();
        Map<Integer, Meta> meta = meta(who.chainId());
        List<ProgramVersionView> out = new ArrayList<>();
        for (Programme p : programmes.all(who.chainId())) {
            Meta m = meta.get(p.version());
            out.add(new ProgramVersionView(p.version(), p.effectiveFrom(), p.version() == active,
                    m == null ? null : m.createdBy(), m == null ? null : m.createdAt(), p));
        }
        return out;
    }

    private Map<Integer, Meta> meta(long chainId) {
        Map<Integer, Meta> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT version, created_by, created_at FROM program_versions WHERE chain_id = ?")) {
            ps.setLong(1, chainId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long by = rs.getLong(2);
                    out.put(rs.getInt(1), new Meta(rs.wasNull() ? null : by, rs.getObject(3, OffsetDateTime.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
