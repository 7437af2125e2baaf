package io.kopilka.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every problem type and every kind of field mistake has a text in every language, and no English leaks. */
class ProblemTextsTest {

    private static final Pattern PLACEHOLDERS = Pattern.compile("\\{\\d}");

    @Test
    void everyLanguageHasEveryTextWithTheSameValues() {
        Map<String, String> english = ProblemTexts.texts("en");
        for (String language : ProblemTexts.LANGUAGES) {
            Map<String, String> texts = ProblemTexts.texts(language);
            assertEquals(english.keySet(), texts.keySet(), language);
            texts.forEach((key, text) -> {
                assertFalse(text.isBlank(), language + " " + key);
                // a translation may leave out an English word such as "receipts" ({1}), never invent a value
                assertTrue(placeholders(english.get(key)).containsAll(placeholders(text)), language + " " + key);
                if (!"en".equals(language)) {
                    assertFalse(text.equals(english.get(key)), language + " " + key + " is still English: " + text);
                }
            });
        }
    }

    @Test
    void everyProblemTypeHasATitleInEveryLanguage() throws IOException {
        Set<String> slugs = problemTypes();
        assertTrue(slugs.size() > 40, slugs.toString());
        for (String language : ProblemTexts.LANGUAGES) {
            Map<String, String> texts = ProblemTexts.texts(language);
            for (String slug : slugs) {
                assertTrue(texts.containsKey("title." + slug), language + ": no title for " + slug);
            }
        }
    }

    @Test
    void everyFieldMessageTheCodeWritesIsAKnownKindOfMistake() throws IOException {
        Set<String> unknown = new TreeSet<>();
        Pattern literal = Pattern.compile("(?:\\.add\\((?!new )|invalid\\(|Violation\\()[^;\"]*?, \"((?:[^\"\\\\]|\\\\.)+)\"\\)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    String message = m.group(1).replace("\\\"", "\"");
                    if (Mistakes.INVALID.equals(Mistakes.classify(message).code())) {
                        unknown.add(f.getFileName() + ": " + message);
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown, "field messages of no known kind (add a field.<code> to problems/messages_*)");
    }

    @Test
    void aMistakeIsRecognisedWithItsValuesAndSaidInTheLanguage() {
        ProblemException.FieldError e = new ProblemException.FieldError("rate_pct", "must be between 0 and 100");
        assertEquals("between", e.code());
        assertEquals(List.of("0", "100"), e.args());
        Map<String, Object> ru = ProblemTexts.body(Problems.validation(List.of(e)), "ru");
        assertEquals("В запросе неверно заполнены поля", ru.get("title"));
        assertEquals("Поле «Процент начисления»: должно быть от 0 до 100.", ru.get("detail"));
        assertEquals("must be between 0 and 100", ProblemTexts.body(Problems.validation(List.of(e)), "en").get("detail")
                .toString().substring("rate_pct: ".length()));
        assertEquals("field.phone", "field." + Mistakes.classify("is not a valid phone number").code());
        assertEquals("required-max-length", Mistakes.classify("is required, at most 64 characters").code());
        assertEquals("choice-3", Mistakes.classify("must be bonus, discount or choice").code());
        assertEquals("boolean", Mistakes.classify("must be true or false").code());
        assertEquals(Mistakes.INVALID, Mistakes.classify("something nobody wrote").code());
        Map<String, Object> notFound = ProblemTexts.body(Problems.notFound("A customer with this phone"), "ru");
        assertEquals("Не найдено", notFound.get("title"));
        assertFalse(notFound.get("detail").toString().contains("customer"), notFound.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneFieldsDetailNamesTheFieldInWordsOrNotAtAllNeverByItsPath() {
        ProblemException labelled = Problems.invalid("programme.tiers[1].rate_pct", "must be between 0 and 100");
        ProblemException unlabelled = Problems.invalid("audience.inactive_days", "must be at least 1");
        assertEquals("Поле «Процент начисления»: должно быть от 0 до 100.", ProblemTexts.body(labelled, "ru").get("detail"));
        assertEquals("Одно поле заполнено неверно: должно быть не меньше 1.", ProblemTexts.body(unlabelled, "ru").get("detail"));
        assertEquals("Поле „Часова зона“: непозната часова зона IANA.",
                ProblemTexts.body(Problems.invalid("timezone", "is not an IANA time zone"), "bg").get("detail"));
        for (String language : List.of("ru", "uk", "bg")) {
            for (ProblemException e : List.of(labelled, unlabelled)) {
                Map<String, Object> body = ProblemTexts.body(e, language);
                String detail = body.get("detail").toString();
                assertFalse(detail.matches("(?s).*(rate_pct|tiers\\[|inactive_days|programme\\.|audience\\.).*"),
                        language + " detail shows the JSON path: " + detail);
                // the console still places the message beside the field its path names
                assertEquals(e.errors().get(0).field(), ((List<Map<String, Object>>) body.get("errors")).get(0).get("field"));
            }
        }
        assertEquals("programme.tiers[1].rate_pct: must be between 0 and 100", ProblemTexts.body(labelled, "en").get("detail"),
                "English keeps the text register vendors read");
        assertEquals("audience.inactive_days: must be at least 1", ProblemTexts.body(unlabelled, "en").get("detail"));
    }

    @Test
    void theLanguageIsTheHeadersFirstKnownOneElseEnglish() {
        assertEquals("ru", ProblemTexts.language("ru-RU,ru;q=0.9,en;q=0.8"));
        assertEquals("bg", ProblemTexts.language("de-DE,bg;q=0.5"));
        assertEquals("en", ProblemTexts.language(null));
        assertEquals("en", ProblemTexts.language("fr"));
        assertEquals("en", ProblemTexts.language(";;;not a header"));
    }

    /** The slugs of docs/api/problems.md's table and every slug the code writes. */
    private static Set<String> problemTypes() throws IOException {
        Set<String> slugs = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("docs/api/problems.md"))) {
            if (line.startsWith("| ") && line.split("\\|").length > 2) {
                Matcher m = Pattern.compile("`([a-z-]+)`").matcher(line.split("\\|")[2]);
                while (m.find()) {
                    slugs.add(m.group(1));
                }
            }
        }
        Pattern inCode = Pattern.compile("Problems\\.(?:conflict|unprocessable)\\(\"([a-z-]+)\""
                + "|new ProblemException\\(\\d{3}, \"([a-z-]+)\"|\\(\"([a-z-]+)\", 4\\d\\d\\)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = inCode.matcher(Files.readString(f));
                while (m.find()) {
                    for (int g = 1; g <= 3; g++) {
                        if (m.group(g) != null) {
                            slugs.add(m.group(g));
                        }
                    }
                }
            }
        }
        slugs.addAll(List.of("bad-request", "server-error", "method-not-allowed", "not-acceptable", "unsupported-media-type"));
        return slugs;
    }

    private static List<String> placeholders(String text) {
        return PLACEHOLDERS.matcher(text).results().map(r -> r.group()).sorted().toList();
    }
}
