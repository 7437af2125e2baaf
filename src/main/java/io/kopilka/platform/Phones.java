package io.kopilka.platform;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phones are the customer's identity: every local form is normalised to E.164. */
public final class Phones {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private Phones() {
    }

    /** @return the E.164 form, or null when the text is not a valid phone number of the region. */
    public static String normalize(String raw, String region) {
        if (raw == null || raw.isBlank() || raw.length() > 32) {
            return null;
        }
        String text = raw.strip();
        // Russian habit: a leading 8 stands for +7 ("8 900 123-45-67").
        if ("RU".equals(region) && text.startsWith("8") && text.replaceAll("\\D", "").length() == 11) {
            text = "+7" + text.replaceAll("\\D", "").substring(1);
        }
        try {
            PhoneNumber number = UTIL.parse(text, region);
            if (!UTIL.isValidNumber(number)) {
                return null;
            }
            return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** "+79001234567" → "+7 900 ***-**-67": enough for the cashier to confirm, not to copy. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 8) {
            return "***";
        }
        String tail = e164.substring(e164.length() - 2);
        String head = e164.substring(0, e164.length() - 10 > 0 ? e164.length() - 7 : 4);
        if (e164.startsWith("+7") && e164.length() == 12) {
            head = "+7 " + e164.substring(2, 5);
        }
        return head + " ***-**-" + tail;
    }

    /** "+7 *** ***-**-67": only the country code and the last two digits (reports for franchisees). */
    public static String maskToCountry(String e164) {
        if (e164 == null || e164.length() < 4) {
            return e164;
        }
        String country;
        try {
            country = String.valueOf(UTIL.parse(e164, "ZZ").getCountryCode());
        } catch (NumberParseException e) {
            country = e164.substring(1, 2);
        }
        return "+" + country + " *** ***-**-" + e164.substring(e164.length() - 2);
    }
}
