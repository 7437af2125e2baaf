package io.kopilka.admin.promo;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A promo code with how often it has been used. */
public record PromoCodeView(long id, String code, String kind, BigDecimal percent, Long amountMinor, Long points,
        OffsetDateTime validFrom, OffsetDateTime validTo, List<String> stores, Integer totalLimit,
        Integer perCustomerLimit, boolean active, long uses, OffsetDateTime createdAt) {
}
