package io.kopilka.reports;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.kopilka.platform.CampaignDefaults;
import io.kopilka.platform.Problems;
import io.kopilka.platform.Transactions;

/**
 * What a campaign brought back: its held-out customers (sms_outbox rows skipped as {@code held_out}) against the
 * rest of its audience, intention-to-treat, over the {@code days} after each one's send (docs/reports.md, "Uplift";
 * docs/adr/0044-uplift-report.md), read from the rollup the report refresher keeps (report_campaign_sends and
 * report_campaign_returns, docs/adr/0045-uplift-rollup.md): as of the last refresh, like the other reports.
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

    /**
     * {@code asOf}: the rollups' last refresh; {@code weeks}: per week of sends (Monday, the chain's zone) for a
     * standing trigger, empty for a one-off.
     */
    public record View(long campaignId, String campaignName, String kind, int days, OffsetDateTime asOf,
            long smsPartPriceMinor, long pointValueMinor, OffsetDateTime firstSendAt, OffsetDateTime lastSendAt,
            @JsonUnwrapped UpliftFigures figures, List<CurvePoint> curve, List<Week> weeks) {
    }

    private record Campaign(String name, String kind) {
    }

    private record Settings(long smsPartPriceMinor, String timezone) {
    }

    /** The customers of one group and week of sends who first came back on {@code day}, and what they bought. */
    private record Returners(boolean control, LocalDate week, int day, long customers, long receipts, double revenue,
            double revenueSquares, long points) {

        static Returners read(ResultSet rs) throws SQLException {
            return new Returners(rs.getBoolean(1), rs.getObject(2, LocalDate.class), rs.getInt(3), rs.getLong(4),
                    rs.getLong(5), rs.getDouble(6), rs.getDouble(7), rs.getLong(8));
        }
    }

    @Inject
    ReportDatabase db;

    @Inject
    LiabilityReport liability;

    @Inject
    Transactions tx;

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
        String zone = settings.timezone();
        tx.readOnly(Connection.TRANSACTION_REPEATABLE_READ, c -> { // both queries see one refresh
            try (Statement st = c.createStatement()) {
                // a million messages: compiling the plan costs more than it saves, and the groups fit in memory
                st.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
            }
            Map<List<Object>, Long> returners = new HashMap<>();
            for (Returners r : ReportDatabase.list(c, returnsSql(scope), returnsArgs(scope, campaignId, days, zone),
                    Returners::read)) {
                UpliftTally[] week = weekOf(byWeek, r.week(), days);
                int group = r.control() ? 1 : 0;
                week[group] = week[group].plus(r.day(), r.customers(), r.receipts(), r.revenue(), r.revenueSquares(),
                        r.points(), 0, 0);
                returners.merge(List.of(r.control(), r.week()), r.customers(), Long::sum);
            }
            ReportDatabase.list(c, groupsSql(scope), groupsArgs(scope, campaignId, zone), rs -> {
                LocalDate w = rs.getObject(2, LocalDate.class);
                UpliftTally[] week = weekOf(byWeek, w, days);
                int group = rs.getBoolean(1) ? 1 : 0;
                long stayedAway = rs.getLong(3) - returners.getOrDefault(List.of(rs.getBoolean(1), w), 0L);
                week[group] = week[group].plus(null, stayedAway, 0, 0, 0, 0, rs.getLong(4), rs.getLong(5));
                OffsetDateTime first = rs.getObject(6, OffsetDateTime.class);
                OffsetDateTime last = rs.getObject(7, OffsetDateTime.class);
                span[0] = span[0] == null || first.isBefore(span[0]) ? first : span[0];
                span[1] = span[1] == null || last.isAfter(span[1]) ? last : span[1];
                return null;
            });
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
        return new View(campaignId, campaign.name(), campaign.kind(), days, liability.refreshedAt(scope.chainId()),
                settings.smsPartPriceMinor(), pointValue,
                span[0], span[1], UpliftFigures.of(treated, control, settings.smsPartPriceMinor(), pointValue, sendDays),
                curve, weeks);
    }

    private static UpliftTally[] weekOf(Map<LocalDate, UpliftTally[]> byWeek, LocalDate week, int days) {
        return byWeek.computeIfAbsent(week, w -> new UpliftTally[] { UpliftTally.empty(days), UpliftTally.empty(days) });
    }

    /**
     * A franchisee's (or one store's) messages are those to customers who had bought there before their send: chosen
     * by what happened before the campaign, so the choice cannot differ between the groups because of it.
     */
    private static String boughtBefore(ReportScope scope, String sends) {
        return scope.wholeChain() ? "" : " AND " + sends + ".stores_before && (SELECT array_agg(id) FROM stores "
                + "WHERE chain_id = ? AND " + scope.storeCondition("id") + ")";
    }

    private static List<Object> boughtBeforeArgs(ReportScope scope) {
        List<Object> args = new ArrayList<>();
        if (!scope.wholeChain()) {
            args.add(scope.chainId());
            args.addAll(scope.storeArgs());
        }
        return args;
    }

    /** Per group and week of sends: messages, SMS parts sent, campaign points given, first and last send. */
    private static String groupsSql(ReportScope scope) {
        return """
                SELECT s.control, date_trunc('week', s.sent_at AT TIME ZONE ?)::date, count(*), sum(s.sms_parts),
                       sum(s.points_given), min(s.sent_at), max(s.sent_at)
                  FROM report_campaign_sends s
                 WHERE s.chain_id = ? AND s.campaign_id = ?""" + boughtBefore(scope, "s") + " GROUP BY 1, 2";
    }

    private static List<Object> groupsArgs(ReportScope scope, long campaignId, String timezone) {
        List<Object> args = new ArrayList<>(List.of(timezone, scope.chainId(), campaignId));
        args.addAll(boughtBeforeArgs(scope));
        return args;
    }

    /**
     * Per group, week of sends and day of first return (1 = the first 24 hours): the messages whose customer bought in
     * the scope's stores within [send, send + days), their receipts, revenue (sum and sum of squares, for Welch) and
     * points redeemed. The rollup's rows come in message order, so each message is summed without a sort.
     */
    private static String returnsSql(ReportScope scope) {
        String inScope = scope.wholeChain() ? "" : " AND " + scope.storeCondition("r.store_id")
                + " AND r.outbox_id IN (SELECT s.outbox_id FROM report_campaign_sends s WHERE s.chain_id = ? "
                + "AND s.campaign_id = ?" + boughtBefore(scope, "s") + ")";
        return """
                SELECT m.control, date_trunc('week', m.sent_at AT TIME ZONE ?)::date, m.first_day + 1, count(*),
                       sum(m.receipts), sum(m.revenue), sum(m.revenue::float8 * m.revenue), sum(m.points)
                  FROM (SELECT r.outbox_id, bool_and(r.control) AS control, min(r.sent_at) AS sent_at,
                               min(r.day) AS first_day, sum(r.receipts) AS receipts, sum(r.revenue) AS revenue,
                               sum(r.points) AS points
                          FROM report_campaign_returns r
                         WHERE r.chain_id = ? AND r.campaign_id = ? AND r.day < ?""" + inScope + """

                         GROUP BY r.outbox_id) m
                 GROUP BY 1, 2, 3""";
    }

    private static List<Object> returnsArgs(ReportScope scope, long campaignId, int days, String timezone) {
        List<Object> args = new ArrayList<>(List.of(timezone, scope.chainId(), campaignId, days));
        if (!scope.wholeChain()) {
            args.addAll(scope.storeArgs());
            args.add(scope.chainId());
            args.add(campaignId);
            args.addAll(boughtBeforeArgs(scope));
        }
        return args;
    }
}
