package io.kopilka.admin.customers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.platform.Problems;
import io.kopilka.platform.Sql;

/**
 * A held receipt has taken points off the customer's lots and gives them back to those very lots if it is
 * cancelled or runs out: a merge or erasure meanwhile would leave points behind, so both wait until the till
 * has confirmed or cancelled (holds last minutes). Checked under the customer's row lock, which every new hold
 * takes too.
 */
@ApplicationScoped
class OpenHolds {

    void refuse(Connection c, long chainId, long customerId, String action) throws SQLException {
        long held = Sql.rows(c, rs -> rs.getLong(1),
                "SELECT count(*) FROM receipts WHERE chain_id = ? AND customer_id = ? AND status = 'held'", chainId,
                customerId).get(0);
        if (held > 0) {
            throw Problems.conflict("customer-has-holds", "A receipt of the customer is on hold",
                    "Customer " + customerId + " has " + held + " held receipt(s); it can be " + action
                            + " once the till confirms or cancels them (or they run out)",
                    Map.of("held_receipts", held));
        }
    }
}
