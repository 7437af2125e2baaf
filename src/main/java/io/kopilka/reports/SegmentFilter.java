package io.kopilka.reports;

import java.time.Instant;
import java.util.List;

/** The SQL condition that keeps customers of the given RFM segments (the reports package knows them). */
public interface SegmentFilter {

    /** A boolean SQL expression over the customers alias, with ? parameters for {@link #args}. */
    String condition(String customerAlias);

    List<Object> args(long chainId, List<String> segments, Instant now);
}
