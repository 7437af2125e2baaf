package io.kopilka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ConsoleTextsTest {

    private final ConsoleLanguage languages = new ConsoleLanguage();

    @Test
    void everyLanguageHasEveryText() {
        var english = languages.texts("en");
        for (String language : ConsoleLanguage.LANGUAGES) {
            var texts = languages.texts(language);
            assertEquals(english.keySet(), texts.keySet(), language);
            texts.forEach((k, v) -> assertFalse(v.isBlank(), language + " " + k));
        }
        assertEquals("Сводка", languages.texts("ru").get("nav_dashboard"));
    }

    /** A key written twice silently keeps the last value: two pages' texts then overwrite each other. */
    @Test
    void noTextKeyIsWrittenTwice() throws java.io.IOException {
        for (String language : ConsoleLanguage.LANGUAGES) {
            String file = "/console/messages_" + language + ".properties";
            try (var in = ConsoleTextsTest.class.getResourceAsStream(file)) {
                var keys = new java.util.HashSet<String>();
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                        continue;
                    }
                    String key = trimmed.substring(0, trimmed.indexOf('=')).strip();
                    org.junit.jupiter.api.Assertions.assertTrue(keys.add(key), file + " writes " + key + " twice");
                }
            }
        }
    }

    @Test
    void theLanguageIsTheSwitchersThenTheBrowsersThenRussian() {
        assertEquals("en", languages.choose("en", "ru"));
        assertEquals("ru", languages.choose(null, "ru-RU,ru;q=0.9,en;q=0.8"));
        assertEquals("en", languages.choose(null, "de-DE,en;q=0.5"));
        assertEquals("ru", languages.choose(null, "de-DE"));
        assertEquals("ru", languages.choose("xx", null));
        assertEquals("ru", languages.choose(null, ";;;not a header"));
    }

    @Test
    void onlyAConsolePathIsAPlaceToGoBackTo() {
        assertEquals("/console/trends", ConsoleResource.safeNext("/console/trends"));
        assertEquals("/console", ConsoleResource.safeNext("https://evil.example/console"));
        assertEquals("/console", ConsoleResource.safeNext("//evil.example"));
        assertEquals("/console", ConsoleResource.safeNext(null));
    }
}
