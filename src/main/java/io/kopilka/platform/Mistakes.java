package io.kopilka.platform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of field mistake, each a stable code with a text per language (problems/messages_*.properties,
 * keys {@code field.<code>}). A field error written as English text is recognised here by the English pattern
 * of its kind, so that the console and an API caller asking for Russian get Russian; a text of no known kind
 * keeps the code {@code invalid}.
 */
public final class Mistakes {

    public static final String INVALID = "invalid";

    /** A recognised mistake: its code and the values its text names (a maximum, a list of choices...). */
    public record Kind(String code, List<String> args) {
    }

    private record Shape(String code, Pattern pattern, int literalLength) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");

    /** Most specific first: the pattern with the most literal text wins over a looser one. */
    private static final List<Shape> SHAPES = shapes(ProblemTexts.fieldPatterns("en"));

    private Mistakes() {
    }

    public static Kind classify(String message) {
        if (message != null) {
            for (Shape s : SHAPES) {
                Matcher m = s.pattern().matcher(message);
                if (m.matches()) {
                    List<String> args = new ArrayList<>();
                    for (int i = 1; i <= m.groupCount(); i++) {
                        args.add(m.group(i));
                    }
                    return new Kind(s.code(), List.copyOf(args));
                }
            }
        }
        return new Kind(INVALID, List.of());
    }

    private static List<Shape> shapes(Map<String, String> patterns) {
        List<Shape> out = new ArrayList<>();
        patterns.forEach((code, english) -> {
            StringBuilder regex = new StringBuilder();
            Matcher m = PLACEHOLDER.matcher(english);
            int at = 0;
            int literal = 0;
            while (m.find()) {
                regex.append(Pattern.quote(english.substring(at, m.start()))).append("(.+?)");
                literal += m.start() - at;
                at = m.end();
            }
            regex.append(Pattern.quote(english.substring(at)));
            literal += english.length() - at;
            out.add(new Shape(code, Pattern.compile(regex.toString(), Pattern.DOTALL), literal));
        });
        out.sort(Comparator.comparingInt(Shape::literalLength).reversed().thenComparing(Shape::code));
        return List.copyOf(out);
    }
}
