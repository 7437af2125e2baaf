package io.kopilka.reports;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.kopilka.platform.CampaignDefaults;
import io.kopilka.platform.Problems;

/**
 * What a campaign brought back: its held-out customers (sms_outbox rows skipped as {@code held_out}) against the
 * rest of its audience, intention-to-treat, over the {@code days} after each one's send (docs/reports.md, "Uplift";
 * docs/adr/0044-uplift-report.md). Read live from the outbox and the receipts in one query, not from a rollup.
 */
@ApplicationScoped
public class UpliftReport {

    /** The campaign settings' own defaults, for a chain that never saved any. */
    static final long DEFAULT_SMS_PART_PRICE_MINOR = CampaignDefaults.SMS_PART_PRICE_MINOR;
    static final String DEFAULT_TIMEZONE = CampaignDefaults.TIMEZONE;

    public record CurvePoint(int day, double treated, double control) {
    }

    public record Week(LocalDate week, @JsonUnwrapped UpliftFigures figures) {
    }

    /** {@code weeks}: per week of sends (Monday, the chain's zone) for a standing trigger; empty for a one-off. */
    public record View(long campaignId, String campaignName, String kind, int days, long smsPartPriceMinor,
            long pointValueMinor, OffsetDateTime firstSendAt, OffsetDateTime lastSendAt,
            @JsonUnwrapped UpliftFigures figures, List<CurvePoint> curve, List<Week> weeks) {
    }

    private record Campaign(String name, String kind) {
    }

    private record Settings(long smsPartPriceMinor, String timezone) {
    }

    @Inject
    ReportDatabase db;

    @Inject
    LiabilityReport liability;

    public View uplift(ReportScope scope, long campaignId, int days) {
        Campaign campaign = db.one("SELECT name, kind FROM campaigns WHERE chain_id = ? AND id = ?",
                List.of(scope.chainId(), campaignId), rs -> new Campaign(rs.getString(1), rs.getString(2)));
        if (campaign == null) {
            throw Problems.notFound("Campaign " + campaignId);
        }
        Settings settings = db.one("""
                SELECT coalesce((document->>'sms_part_price_minor')::bigint, ?), coalesce(document->>'default_timezone', ?)
                  FROM campaign_settings WHERE chain_id = ?""",
                List.of(DEFAULT_SMS_PART_PRICE_MINOR, DEFAULT_TIMEZONE, scope.chainId()),
                rs -> new Settings(rs.getLong(1), rs.getString(2)));
        if (settings == null) {
            settings = new Settings(DEFAULT_SMS_PART_PRICE_MINOR, DEFAULT_TIMEZONE);
        }
        long pointValue = liability.pointValue(scope.chainId());

        Map<LocalDate, UpliftTally[]> byWeek = new TreeMap<>();
        OffsetDateTime[] span = new OffsetDateTime[2];
        List<Object> args = new ArrayList<>(List.of(scope.chainId(), campaignId, scope.chainId(), days));
        args.addAll(scope.storeArgs());
        if (!scope.wholeChain()) {
            args.add(scope.chainId());
            args.addAll(scope.storeArgs());
        }
        args.add(settings.timezone());
        args.add(days);
        db.list(sql(scope, "birthday".equals(campaign.kind())), args, rs -> {
            UpliftTally[] week = byWeek.computeIfAbsent(rs.getObject(2, LocalDate.class),
                    w -> new UpliftTally[] { UpliftTally.empty(days), UpliftTally.empty(days) });
            int group = rs.getBoolean(1) ? 1 : 0;
            Integer day = (Integer) rs.getObject(3);
            week[group] = week[group].plus(day, rs.getLong(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7),
                    rs.getLong(8), rs.getLong(9), rs.getLong(10));
            OffsetDateTime first = rs.getObject(11, OffsetDateTime.class);
            OffsetDateTime last = rs.getObject(12, OffsetDateTime.class);
            span[0] = span[0] == null || first.isBefore(span[0]) ? first : span[0];
            span[1] = span[1] == null || last.isAfter(span[1]) ? last : span[1];
            return null;
        });

        boolean standing = !"promo".equals(campaign.kind());
        UpliftTally treated = UpliftTally.empty(days);
        UpliftTally control = UpliftTally.empty(days);
        List<Week> weeks = new ArrayList<>();
        for (Map.Entry<LocalDate, UpliftTally[]> w : byWeek.entrySet()) {
            treated = treated.plus(w.getValue()[0]);
            control = control.plus(w.getValue()[1]);
            if (standing) {
                weeks.add(new Week(w.getKey(), UpliftFigures.of(w.getValue()[0], w.getValue()[1],
                        settings.smsPartPriceMinor(), pointValue, 7)));
            }
        }
        long sendDays = !standing || span[0] == null ? 0 : ChronoUnit.DAYS.between(span[0], span[1]) + 1;
        List<CurvePoint> curve = new ArrayList<>(days);
        for (int d = 1; d <= days; d++) {
            curve.add(new CurvePoint(d, UpliftFigures.round(treated.returnedBy(d), 6), UpliftFigures.round(control.returnedBy(d), 6)));
        }
        return new View(campaignId, campaign.name(), campaign.kind(), days, settings.smsPartPriceMinor(), pointValue,
                span[0], span[1], UpliftFigures.of(treated, control, settings.smsPartPriceMinor(), pointValue, sendDays),
                curve, weeks);
    }

    /**
     * One row per group, week of sends and day of first return: every assignment (message row) of the campaign,
     * its send time (sent_at, else the planned not_before; the planned one for the held out), and its receipts in
     * the scope's stores within [send, send + days). A franchisee's (or one store's) assignments are the customers
     * who had bought there before their send: chosen by what happened before the campaign, so the choice cannot
     * differ between the groups because of it.
     */
    private static String sql(ReportScope scope, boolean birthday) {
        String given = birthday ? """
                CASE WHEN o.status = 'skipped' AND o.skip_reason = 'held_out' THEN 0 ELSE (
                    SELECT coalesce(sum(l.points), 0) FROM ledger_entries l
                     WHERE l.chain_id = o.chain_id AND l.customer_id = o.customer_id AND l.kind = 'birthday'
                       AND l.created_at = o.created_at) END""" : "0";
        String bought = scope.wholeChain() ? "" : """
                 WHERE EXISTS (SELECT 1 FROM receipts p WHERE p.chain_id = ? AND p.customer_id = a.customer_id
                                  AND p.status = 'confirmed' AND p.occurred_at < a.t0 AND\s""" + scope.storeCondition("p.store_id") + ")";
        return """
                WITH a AS (
                    SELECT o.id, o.customer_id, o.status = 'skipped' AND o.skip_reason = 'held_out' AS control,
                           CASE WHEN o.status = 'skipped' AND o.skip_reason = 'held_out' THEN o.not_before
                                ELSE coalesce(o.sent_at, o.not_before) END AS t0,
                           CASE WHEN o.status IN ('sent', 'delivered', 'unknown') THEN o.parts ELSE 0 END AS parts,
                           """ + given + """
                            AS given
                      FROM sms_outbox o
                     WHERE o.chain_id = ? AND o.campaign_id = ?
                ), s AS (
                    SELECT a.id, a.control, a.t0, a.parts, a.given, count(r.id) AS n,
                           coalesce(sum(r.total_minor - r.discount_minor), 0) AS revenue,
                           coalesce(sum(r.points_redeemed), 0) AS points, min(r.occurred_at) AS first_at
                      FROM a LEFT JOIN receipts r ON r.chain_id = ? AND r.customer_id = a.customer_id
                           AND r.status = 'confirmed' AND r.occurred_at >= a.t0
                           AND r.occurred_at < a.t0 + make_interval(days => ?) AND\s""" + scope.storeCondition("r.store_id")
                + bought + """

                     GROUP BY a.id, a.control, a.t0, a.parts, a.given
                )
                SELECT control, date_trunc('week', t0 AT TIME ZONE ?)::date,
                       CASE WHEN n > 0 THEN least(?, floor(extract(epoch FROM first_at - t0) / 86400)::int + 1) END,
                       count(*), sum(n), sum(revenue), sum(revenue::float8 * revenue), sum(points), sum(parts),
                       sum(given), min(t0), max(t0)
                  FROM s GROUP BY 1, 2, 3""";
    }
}
