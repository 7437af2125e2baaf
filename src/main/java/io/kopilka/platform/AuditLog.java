package io.kopilka.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;


/**
 * Who changed what: one row per create, revoke and adjustment, written in the same transaction as
 * the change itself, with the object before and after as the API shows it.
 */
@ApplicationScoped
public class AuditLog {

    private static final String INSERT = """
            INSERT INTO audit_log (chain_id, user_id, action, entity, entity_id, before, after, at)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""";

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager entityManager;

    /** Inside a JPA transaction: written on the very connection Hibernate uses for the change. */
    public void record(StaffIdentity who, String action, String entity, Object entityId, Object before, Object after) {
        entityManager.unwrap(Session.class)
                .doWork(c -> record(c, who, action, entity, entityId, before, after, Instant.now()));
    }

    /** Inside a JDBC transaction of the caller. */
    public void record(Connection c, StaffIdentity who, String action, String entity, Object entityId, Object before,
            Object after, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, who.chainId());
            ps.setLong(2, who.userId());
            ps.setString(3, action);
            ps.setString(4, entity);
            ps.setString(5, entityId == null ? null : entityId.toString());
            setJson(ps, 6, before);
            setJson(ps, 7, after);
            ps.setObject(8, at.atOffset(java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    private void setJson(PreparedStatement ps, int i, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
            return;
        }
        try {
            ps.setString(i, json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the audit record", e);
        }
    }
}
