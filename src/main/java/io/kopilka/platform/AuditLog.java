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
            INSERT INTO audit_log (chain_id, user_id, terminal_id, action, entity, entity_id, before, after, at)
            VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""";

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
        insert(c, who.chainId(), who.userId(), null, new Change(action, entity, entityId, before, after), at);
    }

    /** A change made at a till (the customer's card, consent or phone): the terminal is who made it. */
    public void record(Connection c, TerminalIdentity till, String action, String entity, Object entityId, Object before,
            Object after, Instant at) throws SQLException {
        insert(c, till.chainId(), null, till.terminalId(), new Change(action, entity, entityId, before, after), at);
    }

    private record Change(String action, String entity, Object entityId, Object before, Object after) {
    }

    private void insert(Connection c, long chainId, Long userId, Long terminalId, Change change, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, chainId);
            ps.setObject(2, userId, Types.BIGINT);
            ps.setObject(3, terminalId, Types.BIGINT);
            ps.setString(4, change.action());
            ps.setString(5, change.entity());
            ps.setString(6, change.entityId() == null ? null : change.entityId().toString());
            setJson(ps, 7, change.before());
            setJson(ps, 8, change.after());
            ps.setObject(9, at.atOffset(java.time.ZoneOffset.UTC));
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
