package io.kopilka.campaigns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A message text with {placeholders}; unknown placeholders are refused when the template is saved. */
public final class MessageTemplate {

    public static final Set<String> PLACEHOLDERS = Set.of("name", "balance", "expiring_points", "expiry_date",
            "promo_code", "store", "bonus_points", "opt_out_url");
    public static final List<String> LANGUAGES = List.of("ru", "uk", "bg", "en");

    private static final Pattern TOKEN = Pattern.compile("\\{([a-z_]+)}");

    private MessageTemplate() {
    }

    public static List<String> unknownPlaceholders(String template) {
        List<String> unknown = new ArrayList<>();
        Matcher m = TOKEN.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }

    public static boolean uses(String template, String placeholder) {
        return template.contains("{" + placeholder + "}");
    }

    public static String render(String template, Map<String, String> values) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The customer's language if the campaign has it, else the chain's default, else the first there is. */
    public static String languageFor(Map<String, String> templates, String customerLanguage, String chainDefault) {
        if (customerLanguage != null && templates.containsKey(customerLanguage)) {
            return customerLanguage;
        }
        if (templates.containsKey(chainDefault)) {
            return chainDefault;
        }
        for (String l : LANGUAGES) {
            if (templates.containsKey(l)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no template");
    }

    /** What {name} becomes for a customer who gave none. */
    public static String anonymousName(String language) {
        return switch (language) {
            case "en" -> "Dear customer";
            case "uk" -> "Шановний покупцю";
            case "bg" -> "Уважаеми клиенте";
            default -> "Уважаемый покупатель";
        };
    }

    /** The short opt-out line added to promotional texts that do not place {opt_out_url} themselves. */
    public static String optOutLine(String language) {
        return switch (language) {
            case "en" -> " Unsubscribe: {opt_out_url}";
            case "uk" -> " Відписатися: {opt_out_url}";
            case "bg" -> " Отписване: {opt_out_url}";
            default -> " Отписаться: {opt_out_url}";
        };
    }
}
