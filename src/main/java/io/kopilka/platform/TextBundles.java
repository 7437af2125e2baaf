package io.kopilka.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/** Texts of one language in a UTF-8 properties file on the class path (console labels, problem texts). */
public final class TextBundles {

    private TextBundles() {
    }

    /**
     * The first language of an Accept-Language header (by its weights) among {@code known}; empty when it names
     * none or is malformed (a bad header is the client's problem, not a reason to refuse the answer).
     */
    public static Optional<String> firstKnown(String acceptLanguage, List<String> known) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String primary = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (known.contains(primary)) {
                        return Optional.of(primary);
                    }
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Key to text, sorted; a missing file is a packaging mistake and fails at start. */
    public static Map<String, String> load(String path) {
        try (InputStream in = TextBundles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + path);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new TreeMap<>();
            p.forEach((k, v) -> map.put((String) k, (String) v));
            return java.util.Collections.unmodifiableMap(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
