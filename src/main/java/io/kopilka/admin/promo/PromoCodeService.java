package io.kopilka.admin.promo;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.AuditLog;
import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Problems;
import io.kopilka.platform.StaffIdentity;
import io.kopilka.platform.Transactions;

/** Head office's promo codes: create, list, change, deactivate (never deleted: receipts refer to them). */
@ApplicationScoped
public class PromoCodeService {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,64}");

    private static final String VIEW = """
            SELECT p.id, p.code, p.kind, p.percent, p.amount_minor, p.points, p.valid_from, p.valid_to, p.store_codes,
                   p.total_limit, p.per_customer_limit, p.active,
                   CASE WHEN p.total_limit IS NOT NULL
                        THEN p.total_limit - (SELECT coalesce(sum(s.free), 0) FROM promo_limit_stripes s
                                               WHERE s.chain_id = p.chain_id AND s.promo_id = p.id)
                        ELSE (SELECT count(*) FROM promo_redemptions r
                               WHERE r.chain_id = p.chain_id AND r.promo_id = p.id AND NOT r.released) END,
                   p.created_at
              FROM promo_codes p WHERE p.chain_id = ?""";

    @Inject
    Transactions tx;

    @Inject
    AuditLog audit;

    public PromoCodeView create(StaffIdentity who, PromoCodeRequest r) {
        who.requireHeadOffice();
        validate(r);
        return write(who, null, r);
    }

    public PromoCodeView update(StaffIdentity who, long id, PromoCodeRequest r) {
        who.requireHeadOffice();
        PromoCodeView before = get(who, id);
        validate(r);
        return write(who, before, r);
    }

    public PromoCodeView deactivate(StaffIdentity who, long id) {
        PromoCodeView p = get(who, id);
        return update(who, id, new PromoCodeRequest(p.code(), p.kind(), p.percent(), p.amountMinor(), p.points(),
                p.validFrom(), p.validTo(), p.stores(), p.totalLimit(), p.perCustomerLimit(), false));
    }

    public List<PromoCodeView> list(StaffIdentity who) {
        who.requireHeadOffice();
        return query(who.chainId(), VIEW + " ORDER BY p.id DESC", null);
    }

    public PromoCodeView get(StaffIdentity who, long id) {
        who.requireHeadOffice();
        List<PromoCodeView> found = query(who.chainId(), VIEW + " AND p.id = ?", id);
        if (found.isEmpty()) {
            throw Problems.notFound("Promo code " + id);
        }
        return found.get(0);
    }

    static void validate(PromoCodeRequest r) {
        FieldErrors e = new FieldErrors();
        if (r == null) {
            throw Problems.invalid("$", "the body must be a promo code");
        }
        if (r.code() == null || !CODE.matcher(r.code()).matches()) {
            e.add("code", "must be 2-64 of A-Z a-z 0-9 _ -");
        }
        if (r.kind() == null || !List.of("percent", "fixed", "points").contains(r.kind())) {
            e.add("kind", "must be percent, fixed or points");
        } else {
            switch (r.kind()) {
                case "percent" -> {
                    if (r.percent() == null || r.percent().signum() <= 0 || r.percent().compareTo(BigDecimal.valueOf(100)) > 0
                            || r.percent().stripTrailingZeros().scale() > 2) {
                        e.add("percent", "must be above 0 and at most 100, with at most 2 decimals");
                    }
                }
                case "fixed" -> {
                    if (r.amountMinor() == null || r.amountMinor() <= 0 || r.amountMinor() > 100_000_000_000L) {
                        e.add("amount_minor", "must be above 0");
                    }
                }
                default -> {
                    if (r.points() == null || r.points() <= 0 || r.points() > 1_000_000) {
                        e.add("points", "must be between 1 and 1000000");
                    }
                }
            }
        }
        if (r.validFrom() != null && r.validTo() != null && !r.validFrom().isBefore(r.validTo())) {
            e.add("valid_to", "must be after valid_from");
        }
        if (r.totalLimit() != null && r.totalLimit() < 1) {
            e.add("total_limit", "must be at least 1");
        }
        if (r.perCustomerLimit() != null && r.perCustomerLimit() < 1) {
            e.add("per_customer_limit", "must be at least 1");
        }
        if (r.stores() != null) {
            for (int i = 0; i < r.stores().size(); i++) {
                String s = r.stores().get(i);
                if (s == null || s.isBlank() || s.length() > 64) {
                    e.add("stores[" + i + "]", "must be a store code");
                }
            }
        }
        e.throwIfAny();
    }

    private PromoCodeView write(StaffIdentity who, PromoCodeView before, PromoCodeRequest r) {
        return tx.inTransaction(c -> {
            long id;
            String sql = before == null
                    ? """
                      INSERT INTO promo_codes (chain_id, code, kind, percent, amount_minor, points, valid_from, valid_to,
                                               store_codes, total_limit, per_customer_limit, active)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id"""
                    : """
                      UPDATE promo_codes SET code = ?, kind = ?, percent = ?, amount_minor = ?, points = ?,
                             valid_from = ?, valid_to = ?, store_codes = ?, total_limit = ?, per_customer_limit = ?,
                             active = ?
                       WHERE chain_id = ? AND id = ? RETURNING id""";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (before == null) {
                    ps.setLong(i++, who.chainId());
                }
                ps.setString(i++, r.code());
                ps.setString(i++, r.kind());
                ps.setBigDecimal(i++, "percent".equals(r.kind()) ? r.percent() : null);
                ps.setObject(i++, "fixed".equals(r.kind()) ? r.amountMinor() : null, Types.BIGINT);
                ps.setObject(i++, "points".equals(r.kind()) ? r.points() : null, Types.BIGINT);
                ps.setObject(i++, r.validFrom(), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(i++, r.validTo(), Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setArray(i++, r.stores() == null ? null : c.createArrayOf("text", r.stores().toArray()));
                ps.setObject(i++, r.totalLimit(), Types.INTEGER);
                ps.setObject(i++, r.perCustomerLimit(), Types.INTEGER);
                ps.setBoolean(i++, r.active() == null || r.active());
                if (before != null) {
                    ps.setLong(i++, who.chainId());
                    ps.setLong(i, before.id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw Problems.conflict("promo-code-taken", "The code is taken",
                                "Promo code " + r.code() + " already exists in this chain");
                    }
                    id = rs.getLong(1);
                }
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    throw Problems.conflict("promo-code-taken", "The code is taken",
                            "Promo code " + r.code() + " already exists in this chain");
                }
                throw e;
            }
            resetLimits(c, who.chainId(), id, before, r);
            PromoCodeView after = query(c, who.chainId(), VIEW + " AND p.id = ?", id).get(0);
            audit.record(c, who, before == null ? "create" : "update", "promo_code", id, before, after, Instant.now());
            return after;
        });
    }

    /**
     * The counters receipts take uses from (V18, ADR 0034) follow a changed limit: the stripes are set again
     * from the uses so far; customers' counters are counted once when a per-customer limit is set where there
     * was none (while a limit stands, receipts keep them), and forgotten when it is lifted.
     */
    private static void resetLimits(Connection c, long chainId, long id, PromoCodeView before, PromoCodeRequest r)
            throws SQLException {
        // a new code's stripes are made by the insert's trigger (V18), whoever inserts it
        if (before != null && !Objects.equals(before.totalLimit(), r.totalLimit())) {
            call(c, "SELECT promo_reset_total_limit(?, ?, ?)", chainId, id, r.totalLimit());
        }
        Integer was = before == null ? null : before.perCustomerLimit();
        if (before != null && (was == null) != (r.perCustomerLimit() == null)) { // a new code has no uses to count
            call(c, "SELECT promo_reset_customer_limit(?, ?, ?)", chainId, id, r.perCustomerLimit());
        }
    }

    private static void call(Connection c, String sql, long chainId, long id, Integer limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            ps.setLong(2, id);
            ps.setObject(3, limit, Types.INTEGER);
            ps.execute();
        }
    }

    private List<PromoCodeView> query(long chainId, String sql, Long id) {
        return tx.read(c -> query(c, chainId, sql, id));
    }

    private static List<PromoCodeView> query(Connection c, long chainId, String sql, Long id) throws SQLException {
        List<PromoCodeView> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, chainId);
            if (id != null) {
                ps.setLong(2, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array stores = rs.getArray(9);
                    long amount = rs.getLong(5);
                    boolean amountNull = rs.wasNull();
                    long points = rs.getLong(6);
                    boolean pointsNull = rs.wasNull();
                    int total = rs.getInt(10);
                    boolean totalNull = rs.wasNull();
                    int per = rs.getInt(11);
                    boolean perNull = rs.wasNull();
                    out.add(new PromoCodeView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            amountNull ? null : amount, pointsNull ? null : points, rs.getObject(7, OffsetDateTime.class),
                            rs.getObject(8, OffsetDateTime.class),
                            stores == null ? null : Arrays.asList((String[]) stores.getArray()),
                            totalNull ? null : total, perNull ? null : per, rs.getBoolean(12), rs.getLong(13),
                            rs.getObject(14, OffsetDateTime.class)));
                }
            }
        }
        return out;
    }
}
