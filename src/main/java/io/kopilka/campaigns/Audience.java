package io.kopilka.campaigns;

import java.util.List;

/**
 * Who a campaign is for. Every filter given must hold; customers without SMS consent are never in it.
 * Segments are the report's RFM groups: stars, productive, question_marks, problem.
 */
public record Audience(List<String> tiers, List<String> segments, Integer inactiveDays, Integer expiringWithinDays,
        List<Long> storeIds, List<Long> franchiseeIds, Integer birthdayMonth) {

    public static final List<String> SEGMENTS = List.of("stars", "productive", "question_marks", "problem");

    public static Audience everyone() {
        return new Audience(null, null, null, null, null, null, null);
    }

    static boolean given(List<?> l) {
        return l != null && !l.isEmpty();
    }
}
