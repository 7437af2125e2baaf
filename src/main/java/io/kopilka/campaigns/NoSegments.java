package io.kopilka.campaigns;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.kopilka.platform.Problems;
import io.kopilka.reports.SegmentFilter;
import io.quarkus.arc.DefaultBean;

/** Used only when no report rollups provide RFM segments: an audience by segment is then refused. */
@ApplicationScoped
@DefaultBean
public class NoSegments implements SegmentFilter {

    @Override
    public String condition(String customerAlias) {
        throw Problems.unprocessable("segments-unavailable", "Segments are not available",
                "RFM segments come from the report rollups, which this installation does not have");
    }

    @Override
    public List<Object> args(long chainId, List<String> segments, Instant now) {
        return List.of();
    }
}
