package dev.specter.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.ParamType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of request fields with Phantom's leniency (numbers may come as numeric strings,
 * lists as comma-separated strings) and nothing more: every wrong type is an error naming the field.
 * Scalars are read as {@link ParamType} reads a policy's parameters, so both follow one grammar.
 */
public final class Fields {
    private static final TypeReference<Map<String, Object>> VALUES = new TypeReference<>() {
    };

    private Fields() {
    }

    public static boolean has(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && !n.isNull();
    }

    public static String string(ObjectNode body, String field) {
        return ParamType.TEXT.read(field, value(body, field));
    }

    public static String optionalString(ObjectNode body, String field) {
        Object v = value(body, field);
        return v == null ? null : ParamType.TEXT.read(field, v);
    }

    /** An integer: a JSON integer or a string of digits. Range checks belong to the caller's rules. */
    public static int integer(ObjectNode body, String field) {
        return ParamType.INTEGER.read(field, value(body, field));
    }

    /** A finite number: a JSON number or a numeric string. */
    public static double number(ObjectNode body, String field) {
        return ParamType.NUMBER.read(field, value(body, field));
    }

    /** A boolean: JSON true/false, or the strings "true"/"false" in any case. */
    public static boolean bool(ObjectNode body, String field) {
        return ParamType.BOOLEAN.read(field, value(body, field));
    }

    /** Every field of {@code body} as the plain values {@link ParamType} reads (JSON null as null). */
    public static Map<String, Object> values(ObjectNode body) {
        return Json.MAPPER.convertValue(body, VALUES);
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

    private static Object value(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : plain(n);
    }

    private static Object plain(JsonNode n) {
        return Json.MAPPER.convertValue(n, Object.class);
    }

    private static String describe(JsonNode n) {
        return ParamType.describe(plain(n));
    }
}
