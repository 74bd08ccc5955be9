package dev.specter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.validation.InvalidInputException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed reads of request fields with Phantom's leniency (numbers may come as numeric strings,
 * lists as comma-separated strings) and nothing more: every wrong type is an error naming the field.
 */
public final class Fields {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private Fields() {
    }

    public static boolean has(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && !n.isNull();
    }

    public static String string(ObjectNode body, String field) {
        String s = optionalString(body, field);
        if (s == null) {
            throw InvalidInputException.missing(field);
        }
        return s;
    }

    public static String optionalString(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(field, "'" + field + "' must be a string, got " + describe(n));
        }
        return n.textValue();
    }

    /** An integer: a JSON integer or a string of digits. Range checks belong to the caller's rules. */
    public static int integer(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw InvalidInputException.missing(field);
        }
        BigInteger v;
        if (n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        } else if (n.isTextual() && INTEGER.matcher(n.textValue().trim()).matches()) {
            v = new BigInteger(n.textValue().trim());
        } else {
            throw new InvalidInputException(field, "'" + field + "' must be an integer, got " + describe(n));
        }
        if (v.bitLength() > 31) {
            throw new InvalidInputException(field, "'" + field + "' is out of range: " + v);
        }
        return v.intValue();
    }

    /** A finite number: a JSON number or a numeric string. */
    public static double number(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw InvalidInputException.missing(field);
        }
        double v;
        if (n.isNumber()) {
            v = n.isBigDecimal() ? n.decimalValue().doubleValue() : n.doubleValue();
        } else if (n.isTextual() && DECIMAL.matcher(n.textValue().trim()).matches()) {
            v = new BigDecimal(n.textValue().trim()).doubleValue();
        } else {
            throw new InvalidInputException(field, "'" + field + "' must be a number, got " + describe(n));
        }
        if (!Double.isFinite(v) || Math.abs(v) > 1e15) {
            throw new InvalidInputException(field, "'" + field + "' is out of range: " + n.asText());
        }
        return v;
    }

    /** A boolean: JSON true/false, or the strings "true"/"false" in any case. */
    public static boolean bool(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw InvalidInputException.missing(field);
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            String s = n.textValue().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true");
            }
        }
        throw new InvalidInputException(field, "'" + field + "' must be true or false, got " + describe(n));
    }

    /** A list of names: a comma-separated string (Phantom's form) or a JSON array of strings. */
    public static List<String> names(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            Arrays.stream(n.textValue().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        } else if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    throw new InvalidInputException(field, "'" + field + "' must list strings, got " + describe(e));
                }
                if (!e.textValue().isBlank()) {
                    out.add(e.textValue().trim());
                }
            }
        } else {
            throw new InvalidInputException(field, "'" + field
                    + "' must be a comma-separated string or a list of strings, got " + describe(n));
        }
        // how long an entry may be is the caller's rule (DomainRules counts characters, not chars)
        for (String s : out) {
            if (s.contains(",")) {
                throw new InvalidInputException(field, "'" + field + "' has an invalid entry");
            }
        }
        if (out.size() > 64) {
            throw new InvalidInputException(field, "'" + field + "' lists more than 64 entries");
        }
        return out;
    }

    public static ObjectNode object(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw InvalidInputException.missing(field);
        }
        if (!n.isObject()) {
            throw new InvalidInputException(field, "'" + field + "' must be a JSON object, got " + describe(n));
        }
        return (ObjectNode) n;
    }

    static String describe(JsonNode n) {
        String kind = switch (n.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "the number";
            case STRING -> "the string";
            default -> "null";
        };
        if (n.isValueNode()) {
            String text = n.isTextual() ? "\"" + n.textValue() + "\"" : n.asText();
            return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
        return kind;
    }
}
