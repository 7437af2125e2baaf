package io.kopilka.campaigns;

import java.math.BigDecimal;

/** A one-use promo code made for each recipient of a campaign: {promo_code} in the text. */
public record PersonalPromo(String kind, BigDecimal percent, Long amountMinor, Long points, Integer validDays,
        String prefix) {
}
