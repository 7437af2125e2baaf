package io.kopilka.reports;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Campaign audiences by segment: the chain-wide per-customer rollup, segmented as the segments report does. */
@ApplicationScoped
public class RfmSegmentFilter implements SegmentFilter {

    private static final String CHAIN_CUSTOMERS = """
            SELECT customer_id, first_day, last_day, receipts, sales, returns
              FROM report_customers WHERE chain_id = ? AND scope_id = 0""";

    @Override
    public String condition(String customerAlias) {
        return customerAlias + ".id IN (SELECT g.customer_id FROM (" + Rfm.segmentSql(CHAIN_CUSTOMERS)
                + ") g WHERE g.segment = ANY(?))";
    }

    @Override
    public List<Object> args(long chainId, List<String> segments, Instant now) {
        return List.of(chainId, segments.toArray(String[]::new));
    }
}
