package io.kopilka.customers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.ledger.Ledger;
import io.kopilka.platform.Sql;
import io.kopilka.platform.TerminalIdentity;

/**
 * SMS consent given or withdrawn at the till. The customer's flag is what the campaign audience reads, so a
 * consent given here brings back a customer who once replied STOP; every change is also kept in the consent
 * history (consent_events) with its time, store and terminal, beside the STOP replies and link opt-outs.
 */
@ApplicationScoped
public class ConsentChanges {

    static final String SOURCE = "pos";

    @Inject
    TillChanges changes;

    /** Recorded even when the flag does not change: the customer said it again, here and now. */
    public LookupResult record(TerminalIdentity till, long customerId, boolean consent, Instant now) {
        return changes.change(till, customerId, now, (c, customer) -> {
            setConsent(c, till, customerId, consent, now);
            addEvent(c, till, customerId, consent, now);
            return new TillChanges.Audited(consent ? "give-sms-consent" : "withdraw-sms-consent",
                    Map.of("sms_consent", customer.smsConsent()), Map.of("sms_consent", consent));
        });
    }

    /** Like enrolment: consent_at, store and terminal describe the consent in force, and are empty without one. */
    private static void setConsent(Connection c, TerminalIdentity till, long customerId, boolean consent, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE customers SET sms_consent = ?, consent_at = ?, consent_store_id = ?, consent_terminal_id = ?
                 WHERE chain_id = ? AND id = ?""")) {
            ps.setBoolean(1, consent);
            ps.setObject(2, consent ? Ledger.odt(now) : null, Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setObject(3, consent ? till.storeId() : null, Types.BIGINT);
            ps.setObject(4, consent ? till.terminalId() : null, Types.BIGINT);
            ps.setLong(5, till.chainId());
            ps.setLong(6, customerId);
            ps.executeUpdate();
        }
    }

    private static void addEvent(Connection c, TerminalIdentity till, long customerId, boolean consent, Instant now)
            throws SQLException {
        Sql.update(c, """
                INSERT INTO consent_events (chain_id, customer_id, consent, source, store_id, terminal_id, at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                till.chainId(), customerId, consent, SOURCE, till.storeId(), till.terminalId(), Ledger.odt(now));
    }
}
