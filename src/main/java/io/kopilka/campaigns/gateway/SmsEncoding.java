package io.kopilka.campaigns.gateway;

import java.util.List;

/** Placeholder until the gateway layer lands. */
public final class SmsEncoding {
    private SmsEncoding() {
    }

    public static boolean isGsm7(String text) {
        return text.chars().allMatch(ch -> ch < 128);
    }

    public static int parts(String text) {
        boolean gsm = isGsm7(text);
        int single = gsm ? 160 : 70;
        int multi = gsm ? 153 : 67;
        int n = text.length();
        return n <= single ? 1 : (n + multi - 1) / multi;
    }

    public static List<String> split(String text) {
        return List.of(text);
    }
}
