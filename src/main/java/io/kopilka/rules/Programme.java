package io.kopilka.rules;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One version of a chain's loyalty programme: the document head office edits (docs/programme.md).
 * Pure data; evaluation lives in {@link ReceiptCalculator}.
 */
public record Programme(
        Integer version,
        OffsetDateTime effectiveFrom,
        long pointValueMinor,
        EarnMode earnMode,
        EarnOn earnOn,
        int maxRedeemSharePct,
        int minLinePricePct,
        int accrualDelayDays,
        int expiryDays,
        int holdTtlMinutes,
        List<Tier> tiers,
        List<CategoryRule> categories,
        List<Multiplier> multipliers,
        long welcomePoints,
        Birthday birthday,
        Referral referral,
        boolean promoStacking) {

    public enum EarnMode { bonus, discount, choice }

    public enum EarnOn { paid_amount, none_when_redeeming, full }

    public record Tier(String code, String name, long minSpendMinor, BigDecimal ratePct) {
    }

    /** earn/redeem null means allowed; minLinePricePct null means the programme-wide minimum. */
    public record CategoryRule(String category, Boolean earn, Boolean redeem, Integer minLinePricePct) {
    }

    public record Multiplier(String category, BigDecimal factor, OffsetDateTime from, OffsetDateTime to,
            List<Integer> weekdays, String hours, List<String> stores) {
    }

    public record Birthday(Long points, BigDecimal multiplier, Integer windowDays) {
    }

    public record Referral(Long friendPoints, Long referrerPoints, Long minReceiptMinor, Integer monthlyCap) {
    }

    /** The default programme of a new chain (docs/programme.md#the-default-programme-of-a-new-chain). */
    public static Programme defaults(OffsetDateTime effectiveFrom) {
        return new Programme(1, effectiveFrom, 100, EarnMode.bonus, EarnOn.paid_amount, 30, 0, 14, 365, 15,
                List.of(new Tier("base", "Base", 0, BigDecimal.valueOf(5))), List.of(), List.of(), 0, null, null,
                true);
    }

    public Programme withVersion(int newVersion) {
        return new Programme(newVersion, effectiveFrom, pointValueMinor, earnMode, earnOn, maxRedeemSharePct,
                minLinePricePct, accrualDelayDays, expiryDays, holdTtlMinutes, tiers, categories, multipliers,
                welcomePoints, birthday, referral, promoStacking);
    }

    /** The same rules with other tiers (the demo names the default tier in its chain's language). */
    public Programme withTiers(List<Tier> newTiers) {
        return new Programme(version, effectiveFrom, pointValueMinor, earnMode, earnOn, maxRedeemSharePct,
                minLinePricePct, accrualDelayDays, expiryDays, holdTtlMinutes, newTiers, categories, multipliers,
                welcomePoints, birthday, referral, promoStacking);
    }

    public Programme withEffectiveFrom(OffsetDateTime from) {
        return new Programme(version, from, pointValueMinor, earnMode, earnOn, maxRedeemSharePct,
                minLinePricePct, accrualDelayDays, expiryDays, holdTtlMinutes, tiers, categories, multipliers,
                welcomePoints, birthday, referral, promoStacking);
    }

    /** Empty lists instead of absent ones, so a stored version always reads back the same. */
    public Programme withDefaults() {
        return new Programme(version, effectiveFrom, pointValueMinor, earnMode, earnOn, maxRedeemSharePct,
                minLinePricePct, accrualDelayDays, expiryDays, holdTtlMinutes, tiers == null ? List.of() : tiers,
                categories == null ? List.of() : categories, multipliers == null ? List.of() : multipliers,
                welcomePoints, birthday, referral, promoStacking);
    }

    /** The tier a customer is on; an unknown code (a tier removed from the programme) falls back to the lowest. */
    public Tier tier(String code) {
        Tier lowest = tiers.get(0);
        for (Tier t : tiers) {
            if (t.code().equals(code)) {
                return t;
            }
            if (t.minSpendMinor() < lowest.minSpendMinor()) {
                lowest = t;
            }
        }
        return lowest;
    }

    public CategoryRule category(String category) {
        if (category == null || categories == null) {
            return null;
        }
        for (CategoryRule c : categories) {
            if (c.category().equalsIgnoreCase(category)) {
                return c;
            }
        }
        return null;
    }
}
