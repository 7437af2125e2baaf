package io.kopilka.campaigns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.kopilka.ledger.Ledger;
import io.kopilka.reports.SegmentFilter;

/**
 * Pages through an audience in customer id order (keyset), so a run of any size reads it in bounded
 * memory and a rerun can start again anywhere. Only customers with SMS consent are ever returned.
 */
final class AudienceQuery {

    /** Expiring-points placeholders look this far ahead when the audience itself names no horizon. */
    static final int DEFAULT_EXPIRY_HORIZON_DAYS = 30;

    private final long chainId;
    private final Audience audience;
    private final Instant now;
    private final ZoneId fallbackZone;
    private final String sql;
    private final List<Object> filterArgs = new ArrayList<>();

    AudienceQuery(long chainId, Audience audience, Instant now, ZoneId fallbackZone, SegmentFilter segments,
            Instant enrolledAfter, List<String> birthdayMonthDays) {
        this.chainId = chainId;
        this.audience = audience;
        this.now = now;
        this.fallbackZone = fallbackZone;
        StringBuilder where = new StringBuilder();
        if (Audience.given(audience.tiers())) {
            where.append(" AND cu.tier_code = ANY (?)");
            filterArgs.add(audience.tiers().toArray(String[]::new));
        }
        if (Audience.given(audience.storeIds())) {
            where.append(" AND cu.home_store_id = ANY (?)");
            filterArgs.add(audience.storeIds().toArray(Long[]::new));
        }
        if (Audience.given(audience.franchiseeIds())) {
            where.append(" AND s.franchisee_id = ANY (?)");
            filterArgs.add(audience.franchiseeIds().toArray(Long[]::new));
        }
        if (audience.birthdayMonth() != null) {
            where.append(" AND extract(month FROM cu.birth_date) = ?");
            filterArgs.add(audience.birthdayMonth());
        }
        if (audience.inactiveDays() != null) {
            // bought before, but nothing since the cut-off: the win-back audience
            where.append(" AND lp.last_at IS NOT NULL AND lp.last_at < ?");
            filterArgs.add(Timestamp.from(now.minus(audience.inactiveDays(), ChronoUnit.DAYS)));
        }
        if (birthdayMonthDays != null) {
            where.append(" AND to_char(cu.birth_date, 'MM-DD') = ANY (?)");
            filterArgs.add(birthdayMonthDays.toArray(String[]::new));
        }
        if (enrolledAfter != null) {
            where.append(" AND cu.created_at >= ?");
            filterArgs.add(Timestamp.from(enrolledAfter));
        }
        if (audience.expiringWithinDays() != null) {
            where.append(" AND l.expiring > 0");
        }
        if (Audience.given(audience.segments())) {
            where.append(" AND ").append(segments.condition("cu"));
            filterArgs.addAll(segments.args(chainId, audience.segments(), now));
        }
        this.sql = """
                SELECT cu.id, cu.phone, cu.name, cu.language, s.name, s.timezone,
                       coalesce(l.balance, 0), coalesce(l.expiring, 0), l.expiry, lp.last_at, cu.birth_date
                  FROM customers cu
                  LEFT JOIN stores s ON s.chain_id = cu.chain_id AND s.id = cu.home_store_id
                  LEFT JOIN LATERAL (
                        SELECT sum(pl.points_remaining) AS balance,
                               sum(pl.points_remaining) FILTER (WHERE pl.expires_at < ?) AS expiring,
                               min(pl.expires_at) FILTER (WHERE pl.expires_at < ? AND pl.points_remaining > 0) AS expiry
                          FROM point_lots pl
                         WHERE pl.chain_id = cu.chain_id AND pl.customer_id = cu.id AND pl.points_remaining <> 0
                           AND pl.available_at <= ?) l ON true
                """ + (audience.inactiveDays() == null ? " LEFT JOIN LATERAL (SELECT NULL::timestamptz AS last_at) lp ON true" : """
                  LEFT JOIN LATERAL (
                        SELECT max(r.occurred_at) AS last_at FROM receipts r
                         WHERE r.chain_id = cu.chain_id AND r.customer_id = cu.id AND r.status = 'confirmed') lp ON true""") + "\n" + """
                 WHERE cu.chain_id = ? AND cu.sms_consent AND cu.id > ?""" + where + " ORDER BY cu.id LIMIT ?";
    }

    /** The next page of recipients after customer {@code afterId}. */
    List<Recipient> page(Connection c, long afterId, int size) throws SQLException {
        Instant horizon = now.plus(audience.expiringWithinDays() != null ? audience.expiringWithinDays()
                : DEFAULT_EXPIRY_HORIZON_DAYS, ChronoUnit.DAYS);
        List<Recipient> out = new ArrayList<>(size);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, Ledger.odt(horizon));
            ps.setObject(i++, Ledger.odt(horizon));
            ps.setObject(i++, Ledger.odt(now));
            ps.setLong(i++, chainId);
            ps.setLong(i++, afterId);
            for (Object a : filterArgs) {
                if (a instanceof Object[] arr) {
                    ps.setArray(i++, c.createArrayOf(arr instanceof Long[] ? "bigint" : "text", arr));
                } else {
                    ps.setObject(i++, a);
                }
            }
            ps.setInt(i, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String tz = rs.getString(6);
                    Timestamp expiry = rs.getTimestamp(9);
                    Timestamp last = rs.getTimestamp(10);
                    out.add(new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), tz == null ? fallbackZone : ZoneId.of(tz), rs.getLong(7), rs.getLong(8),
                            expiry == null ? null : expiry.toInstant(), last == null ? null : last.toInstant(),
                            rs.getObject(11, java.time.LocalDate.class)));
                }
            }
        }
        return out;
    }
}
