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
