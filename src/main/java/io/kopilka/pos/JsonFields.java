package io.kopilka.pos;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kopilka.platform.FieldErrors;
import io.kopilka.platform.PlainText;

/** Typed reads of request fields that record a precise error instead of throwing. */
final class JsonFields {

    static final long MAX_AMOUNT_MINOR = 100_000_000_000L;
    static final BigDecimal MAX_QTY = BigDecimal.valueOf(1_000_000);

    private JsonFields() {
    }

    static String text(JsonNode parent, String name, String path, FieldErrors errors, boolean required, int max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path, "is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            errors.add(path, "must be a string");
            return null;
        }
        String v = n.textValue();
        if (required && v.isBlank()) {
            errors.add(path, "must not be empty");
            return null;
        }
        if (v.length() > max) {
            errors.add(path, "must be at most " + max + " characters");
            return null;
        }
        String why = PlainText.notALabel(v);
        if (why != null) {
            errors.add(path, why);
            return null;
        }
        return v.isBlank() ? null : v;
    }

    static Long integer(JsonNode parent, String name, String path, FieldErrors errors, boolean required, long min, long max) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path, "is required");
            }
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            errors.add(path, "must be an integer");
            return null;
        }
        long v = n.longValue();
        if (v < min || v > max) {
            errors.add(path, "must be between " + min + " and " + max);
            return null;
        }
        return v;
    }

    static Boolean bool(JsonNode parent, String name, String path, FieldErrors errors, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                errors.add(path, "is required");
            }
            return null;
        }
        if (!n.isBoolean()) {
            errors.add(path, "must be true or false");
            return null;
        }
        return n.booleanValue();
    }

    /** A quantity: a decimal string (or number) above 0, at most 10^6, at most 3 decimals. */
    static BigDecimal qty(JsonNode parent, String name, String path, FieldErrors errors) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            errors.add(path, "is required");
            return null;
        }
        BigDecimal v;
        try {
            if (n.isTextual() && n.textValue().length() <= 32) {
                v = new BigDecimal(n.textValue().strip());
            } else if (n.isNumber()) {
                v = n.decimalValue();
            } else {
                errors.add(path, "must be a decimal string such as \"0.452\"");
                return null;
            }
        } catch (NumberFormatException e) {
            errors.add(path, "must be a decimal string such as \"0.452\"");
            return null;
        }
        if (v.signum() <= 0 || v.compareTo(MAX_QTY) > 0) {
            errors.add(path, "must be above 0 and at most 1000000");
            return null;
        }
        if (v.stripTrailingZeros().scale() > 3) {
            errors.add(path, "must have at most 3 decimals");
            return null;
        }
        return v.stripTrailingZeros().scale() < 0 ? v.setScale(0) : v.stripTrailingZeros();
    }

    static boolean requireObject(JsonNode root, FieldErrors errors) {
        if (root == null || !root.isObject()) {
            errors.add("$", "the body must be a JSON object");
            return false;
        }
        return true;
    }

    /** The same JSON with object keys sorted: equal requests hash equally whatever the key order. */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), canonical(e.getValue()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> out.add(canonical(child)));
            return out;
        }
        return node;
    }
}
