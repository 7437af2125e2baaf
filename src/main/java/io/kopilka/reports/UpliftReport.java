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

    /**
     * The customers of one group and week of sends who first came back on {@code day}, and what they bought (head
     * office's rows: what all the group's returners bought on that day after their send).
     */
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
        tx.readOnly(Connection.TRANSACTION_REPEATABLE_READ, c -> { // every query sees the same refresh
            try (Statement st = c.createStatement()) {
                // a million messages: compiling the plan costs more than it saves, and the groups fit in memory
                st.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'");
            }
            Map<List<Object>, Long> returners = new HashMap<>();
            UpliftQueries.Query q = UpliftQueries.returners(scope, campaignId, days, zone);
            for (Returners r : ReportDatabase.list(c, q.sql(), q.args(), Returners::read)) {
                UpliftTally[] week = weekOf(byWeek, r.week(), days);
                int group = r.control() ? 1 : 0;
                week[group] = week[group].plus(r.day(), r.customers(), r.receipts(), r.revenue(), r.revenueSquares(),
                        r.points(), 0, 0);
                returners.merge(List.of(r.control(), r.week()), r.customers(), Long::sum);
            }
            q = UpliftQueries.groups(scope, campaignId, zone);
            ReportDatabase.list(c, q.sql(), q.args(), rs -> {
                LocalDate w = rs.getObject(2, LocalDate.class);
                UpliftTally[] week = weekOf(byWeek, w, days);
                int group = rs.getBoolean(1) ? 1 : 0;
                long stayedAway = rs.getLong(3) - returners.getOrDefault(List.of(rs.getBoolean(1), w), 0L);
                week[group] = week[group].plus(null, stayedAway, 0, 0, 0, 0, rs.getLong(4), rs.getLong(5));
                return null;
            });
            q = UpliftQueries.span(scope.chainId(), campaignId);
            ReportDatabase.list(c, q.sql(), q.args(), rs -> {
                span[0] = rs.getObject(1, OffsetDateTime.class);
                span[1] = rs.getObject(2, OffsetDateTime.class);
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
}
