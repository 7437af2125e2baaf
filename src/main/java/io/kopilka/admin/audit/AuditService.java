package io.kopilka.admin.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/**
 * Reads the chain's audit log, newest first: by entity, by user, by UTC days from/to (both inclusive), a page at a
 * time (the next page starts before the last id seen).
 */
@ApplicationScoped
public class AuditService {

    private static final String LIST = """
            SELECT a.id, a.user_id, u.email, a.action, a.entity, a.entity_id, a.before::text, a.after::text, a.at, a.terminal_id
              FROM audit_log a
              LEFT JOIN users u ON u.chain_id = a.chain_id AND u.id = a.user_id
             WHERE a.chain_id = ? AND (?::text IS NULL OR a.entity = ?::text)
               AND (?::bigint IS NULL OR a.user_id = ?::bigint)
               AND (?::date IS NULL OR a.at >= (?::date)::timestamp AT TIME ZONE 'UTC')
               AND (?::date IS NULL OR a.at < (?::date + 1)::timestamp AT TIME ZONE 'UTC')
               AND (?::bigint IS NULL OR a.id < ?::bigint)
             ORDER BY a.id DESC
             LIMIT ?""";

    @Inject
    Transactions tx;

    @Inject
    ObjectMapper json;

    /** What to read: every field but the limit may be null (no filter). */
    public record Filter(String entity, Long userId, LocalDate from, LocalDate to, Long beforeId, int limit) {
    }

    public List<AuditEntryView> list(StaffIdentity who, Filter f) {
        who.requireHeadOffice();
        return tx.read(c -> {
            List<AuditEntryView> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(LIST)) {
                ps.setLong(1, who.chainId());
                Object[] pairs = { f.entity(), f.userId(), f.from(), f.to(), f.beforeId() };
                for (int i = 0; i < pairs.length; i++) {
                    ps.setObject(2 + 2 * i, pairs[i]);
                    ps.setObject(3 + 2 * i, pairs[i]);
                }
                ps.setInt(12, f.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long user = rs.getLong(2);
                        Long userId = rs.wasNull() ? null : user;
                        long terminal = rs.getLong(10);
                        Long terminalId = rs.wasNull() ? null : terminal;
                        out.add(new AuditEntryView(rs.getLong(1), userId, rs.getString(3), terminalId, rs.getString(4),
                                rs.getString(5), rs.getString(6), parse(rs.getString(7)), parse(rs.getString(8)),
                                rs.getObject(9, OffsetDateTime.class)));
                    }
                }
            }
            return out;
        });
    }

    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
