package io.kopilka.admin.promo;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A promo code as head office defines it; exactly one of percent, amount_minor or points by kind. */
public record PromoCodeRequest(String code, String kind, BigDecimal percent, Long amountMinor, Long points,
        OffsetDateTime validFrom, OffsetDateTime validTo, List<String> stores, Integer totalLimit,
        Integer perCustomerLimit, Boolean active) {
}
