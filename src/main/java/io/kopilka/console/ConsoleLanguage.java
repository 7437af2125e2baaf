package io.kopilka.console;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.kopilka.platform.TextBundles;

/**
 * The console's languages and texts: a cookie set by the switcher wins, then the browser's Accept-Language,
 * then Russian (the chains Kopilka is sold to work in it). Texts are plain properties files, one per language,
 * read once; the same map feeds the templates and the page's JavaScript.
 */
@Singleton
public class ConsoleLanguage {

    public static final String COOKIE = "kopilka_lang";
    public static final List<String> LANGUAGES = List.of("ru", "en", "uk", "bg");

    private final Map<String, Map<String, String>> texts = LANGUAGES.stream()
            .collect(Collectors.toMap(l -> l, ConsoleLanguage::load));

    public String choose(String cookie, String acceptLanguage) {
        if (cookie != null && LANGUAGES.contains(cookie)) {
            return cookie;
        }
        return TextBundles.firstKnown(acceptLanguage, LANGUAGES).orElse(LANGUAGES.get(0));
    }

    public Map<String, String> texts(String language) {
        return texts.get(LANGUAGES.contains(language) ? language : LANGUAGES.get(0));
    }

    private static Map<String, String> load(String language) {
        return TextBundles.load("console/messages_" + language + ".properties");
    }
}
