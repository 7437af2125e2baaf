package io.kopilka.reports;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.Phones;
import io.kopilka.platform.Sql;
import io.kopilka.platform.Transactions;

/**
 * Finding customers by what a caller at the desk knows: part of the name, the card, the phone in any local form
 * (head office also by a part of the number). Merged duplicates and erased customers are not listed (a duplicate's
 * phone or card finds its survivor); a franchisee
 * finds only the customers of its stores, masked, and never by a part of a number it cannot see.
 */
@ApplicationScoped
public class CustomerSearch {

    /** One customer of a list of matches. */
    public record Match(long customerId, String name, String phone, String card, String tier, String homeStore) {
    }

    /** A page of matches; {@code more} when a next page exists. */
    public record Matches(String q, int offset, int limit, boolean more, List<Match> customers) {
    }

    static final int MAX_OFFSET = 10_000;
    static final int MIN_PARTIAL_DIGITS = 4;

    @Inject
    Transactions tx;

    public Matches search(ReportScope scope, String rawQuery, String rawOffset, int limit) {
        FieldErrors errors = new FieldErrors();
        String q = rawQuery == null ? "" : rawQuery.strip();
        if (q.length() < 2 || q.length() > 64) {
            errors.add("q", "must be 2 to 64 characters");
        }
        int offset = offset(rawOffset, errors);
        errors.throwIfAny();
        return tx.read(c -> {
            String region = Sql.rows(c, rs -> rs.getString(1).strip(), "SELECT phone_region FROM chains WHERE id = ?",
                    scope.chainId()).get(0);
            List<Object> args = new ArrayList<>(List.of(scope.chainId(), "%" + likeEscaped(q) + "%", q));
            // a merged duplicate's phone or card finds its survivor, as at the till
            String e164 = q.matches("[+\\d][\\d\\s()-]*") ? Phones.normalize(q, region) : null;
            StringBuilder match = new StringBuilder("cu.name ILIKE ? OR cu.id IN (SELECT coalesce(d.merged_into, d.id) "
                    + "FROM customers d WHERE d.chain_id = cu.chain_id AND (d.card = ?" + (e164 != null ? " OR d.phone = ?" : "")
                    + "))");
            if (e164 != null) {
                args.add(e164);
            }
            String digits = q.replaceAll("\\D", "");
            if (scope.headOffice() && digits.length() >= MIN_PARTIAL_DIGITS && q.matches("[+\\d\\s()-]+")) {
                match.append(" OR cu.phone LIKE ?");
                args.add("%" + digits + "%");
            }
            String visible = CustomerReports.visibleTo(scope, args);
            args.add(limit + 1);
            args.add(offset);
            boolean mask = scope.masksPhones();
            List<Match> rows = Sql.rows(c, rs -> new Match(rs.getLong(1), rs.getString(2),
                    mask ? Phones.maskToCountry(rs.getString(3)) : rs.getString(3),
                    mask ? CustomerReports.maskCard(rs.getString(4)) : rs.getString(4), rs.getString(5), rs.getString(6)),
                    """
                    SELECT cu.id, cu.name, cu.phone, cu.card, cu.tier_code, hs.code
                      FROM customers cu
                      LEFT JOIN stores hs ON hs.chain_id = cu.chain_id AND hs.id = cu.home_store_id
                     WHERE cu.chain_id = ? AND cu.merged_into IS NULL AND cu.erased_at IS NULL AND (%s)%s
                     ORDER BY cu.name NULLS LAST, cu.id LIMIT ? OFFSET ?""".formatted(match, visible), args.toArray());
            boolean more = rows.size() > limit;
            return new Matches(q, offset, limit, more, more ? rows.subList(0, limit) : rows);
        });
    }

    private static int offset(String raw, FieldErrors errors) {
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= 0 && v <= MAX_OFFSET) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add("offset", "must be an integer from 0 to " + MAX_OFFSET);
        return 0;
    }

    /** The text as a literal inside LIKE: its own % and _ match themselves. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
