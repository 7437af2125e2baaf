package io.kopilka.campaigns.gateway;

import java.util.Locale;
import java.util.Set;

/** An inbound reply that withdraws consent: STOP or СТОП, in any case, surrounding spaces ignored. */
public final class StopReplies {

    private static final Set<String> WORDS = Set.of("STOP", "СТОП");

    private StopReplies() {
    }

    public static boolean isStop(String text) {
        return text != null && WORDS.contains(text.strip().toUpperCase(Locale.ROOT));
    }
}
