package io.kopilka.customers;

import java.time.LocalDate;
import java.time.ZoneId;

/** A loyalty member of one chain; the phone (E.164) is the identity, the card an alias. */
public record Customer(long chainId, long id, String phone, String card, String name, LocalDate birthDate,
        String language, String tierCode, String referralCode, boolean smsConsent, Long homeStoreId,
        ZoneId homeZone, String preferredMode, Long referredBy) {
}
