package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.platform.Sql;

/**
 * The campaign outbox of erased customers (table sms_outbox, docs/campaigns.md): messages not yet sent are
 * skipped, and no message keeps the phone or the text (which may greet the customer by name). Plain SQL on
 * the table, since admin sits below campaigns; the sender claims only queued rows, so a skipped one is never sent.
 */
@ApplicationScoped
class QueuedMessages {

    static final String SKIP_REASON = "erased";

    /** @return how many queued messages were withdrawn */
    int scrub(Connection c, long chainId, List<Long> customerIds) throws SQLException {
        int withdrawn = 0;
        for (long id : customerIds) {
            withdrawn += Sql.update(c, """
                    UPDATE sms_outbox SET status = 'skipped', skip_reason = ?
                     WHERE chain_id = ? AND customer_id = ? AND status = 'queued'""", SKIP_REASON, chainId, id);
            Sql.update(c, "UPDATE sms_outbox SET phone = '', text = '' WHERE chain_id = ? AND customer_id = ?", chainId, id);
        }
        return withdrawn;
    }
}
