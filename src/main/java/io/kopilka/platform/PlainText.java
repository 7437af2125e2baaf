package io.kopilka.platform;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one place that says which characters a client may send (docs/api/problems.md#strictness). No string may hold NUL,
 * which PostgreSQL cannot store, or an unpaired UTF-16 surrogate, which is no character at all. Names and
 * short labels refuse every control character but tab; a multi-line text (an SMS template) keeps line breaks.
 */
public final class PlainText {

    public static final String NOT_STORABLE = "must not contain NUL or unpaired surrogate characters";
    public static final String NOT_A_LABEL = "must not contain control characters (tab is allowed)";
    public static final String NOT_MULTILINE = "must not contain control characters other than tab and line breaks";

    private PlainText() {
    }

    /** Why the string can be stored nowhere, or null when it can. */
    public static String unstorable(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return NOT_STORABLE;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return NOT_STORABLE;
                }
            }
        }
        return null;
    }

    /** Why the string is no name or short label, or null when it is one. */
    public static String notALabel(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return NOT_A_LABEL;
            }
        }
        return unstorable(s);
    }

    /** Why the string is no multi-line text, or null when it is one. */
    public static String notMultiline(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return NOT_MULTILINE;
            }
        }
        return unstorable(s);
    }

    /** Reports every string of a parsed body, keys included, that cannot be stored, under its JSON path. */
    public static void checkTree(JsonNode node, String path, FieldErrors errors) {
        if (node.isTextual()) {
            if (unstorable(node.textValue()) != null) {
                errors.add(path.isEmpty() ? "$" : path, NOT_STORABLE);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (unstorable(e.getKey()) != null) {
                    errors.add(path.isEmpty() ? "$" : path, "has a key that contains NUL or unpaired surrogate characters");
                } else {
                    checkTree(e.getValue(), child, errors);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTree(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }
}
