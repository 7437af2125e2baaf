package io.kopilka.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

/**
 * Problem texts in the caller's language, chosen by Accept-Language (English when absent or unknown: register
 * vendors parse {@code type} and {@code errors[].code}, never the text). Titles and details are keyed by the
 * problem's slug, field messages by their {@link Mistakes} code; nothing is built by gluing English pieces.
 */
public final class ProblemTexts {

    public static final String ENGLISH = "en";
    public static final List<String> LANGUAGES = List.of(ENGLISH, "ru", "uk", "bg");

    private static final Map<String, Map<String, String>> TEXTS = LANGUAGES.stream()
            .collect(Collectors.toMap(l -> l, ProblemTexts::load));

    private ProblemTexts() {
    }

    /** The first language of the header that Kopilka speaks, else English. */
    public static String language(String acceptLanguage) {
        return TextBundles.firstKnown(acceptLanguage, LANGUAGES).orElse(ENGLISH);
    }

    /** The language of the request being answered (English outside a request). */
    public static String currentLanguage() {
        try {
            ResteasyReactiveRequestContext request = CurrentRequestManager.get();
            return request == null ? ENGLISH : language(request.serverRequest().getRequestHeader("Accept-Language"));
        } catch (RuntimeException e) {
            // no request context (a guard answering on the event loop before JAX-RS): the default language
            return ENGLISH;
        }
    }

    /** Every text of a language, key to text (for the completeness test and the field patterns). */
    public static Map<String, String> texts(String language) {
        return TEXTS.get(LANGUAGES.contains(language) ? language : ENGLISH);
    }

    static Map<String, String> fieldPatterns(String language) {
        Map<String, String> out = new TreeMap<>();
        load(language).forEach((k, v) -> {
            if (k.startsWith("field.")) {
                out.put(k.substring("field.".length()), v);
            }
        });
        return out;
    }

    /** The RFC 9457 body of a problem in a language; English keeps the texts the code wrote. */
    public static Map<String, Object> body(ProblemException e, String language) {
        Map<String, String> t = texts(language);
        boolean english = ENGLISH.equals(language) || !TEXTS.containsKey(language);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create(Problems.TYPE_BASE + e.slug()).toString());
        body.put("title", english ? e.title() : t.getOrDefault("title." + e.slug(), t.get("title.error")));
        body.put("status", e.status());
        body.put("detail", english ? e.getMessage() : detail(e, t));
        if (!e.errors().isEmpty()) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (ProblemException.FieldError fe : e.errors()) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("field", fe.field());
                error.put("message", english ? fe.message() : fieldMessage(fe, t));
                error.put("code", fe.code());
                errors.add(error);
            }
            body.put("errors", errors);
        }
        body.putAll(e.extra());
        return body;
    }

    private static String detail(ProblemException e, Map<String, String> t) {
        if (!e.errors().isEmpty()) {
            if (e.errors().size() == 1) {
                // a sentence of the language: the field by its label, never its JSON path (errors[] keeps that)
                ProblemException.FieldError only = e.errors().get(0);
                String label = t.get("label." + leaf(only.field()));
                return label == null ? fill(t.get("detail.one-field"), List.of(fieldMessage(only, t)))
                        : fill(t.get("detail.one-field-named"), List.of(label, fieldMessage(only, t)));
            }
            return fill(t.get("detail.fields-invalid"), List.of(Integer.toString(e.errors().size())));
        }
        return t.getOrDefault("detail." + e.slug(), t.getOrDefault("title." + e.slug(), t.get("title.error")));
    }

    /** The last name of a JSON path: {@code programme.tiers[1].rate_pct} is {@code rate_pct}, {@code lines[3]} is {@code lines}. */
    static String leaf(String path) {
        String name = String.valueOf(path).replaceAll("(\\[\\d+])+$", "");
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static String fieldMessage(ProblemException.FieldError fe, Map<String, String> t) {
        String pattern = t.get("field." + fe.code());
        return pattern == null ? t.get("field." + Mistakes.INVALID) : fill(pattern, fe.args());
    }

    private static String fill(String pattern, List<String> args) {
        String out = pattern;
        for (int i = 0; i < args.size(); i++) {
            out = out.replace("{" + i + "}", args.get(i));
        }
        return out;
    }

    private static Map<String, String> load(String language) {
        return TextBundles.load("problems/messages_" + language + ".properties");
    }
}
