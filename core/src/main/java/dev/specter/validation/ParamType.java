package dev.specter.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one kind of named parameter is read from a JSON value as Jackson gives it ({@code String},
 * {@code Number}, {@code Boolean}, {@code List}, {@code Map}): with Phantom's leniency (numbers may
 * come as numeric strings, booleans as "true" or "false") and nothing more. Every wrong value is an
 * error naming the parameter.
 */
public final class ParamType<T> {
    public static final ParamType<String> TEXT = new ParamType<>(ParamType::text);
    /** A JSON integer or a string of digits. Range checks are the parameter's {@link Bound}. */
    public static final ParamType<Integer> INTEGER = new ParamType<>(ParamType::integer);
    /** A finite JSON number or a numeric string, at most 1e15 in size. */
    public static final ParamType<Double> NUMBER = new ParamType<>(ParamType::number);
    /** JSON true/false, or the strings "true"/"false" in any case. */
    public static final ParamType<Boolean> BOOLEAN = new ParamType<>(ParamType::bool);

    private static final Pattern DIGITS = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private interface Reader<T> {
        T read(String name, Object value);
    }

    private final Reader<T> reader;

    private ParamType(Reader<T> reader) {
        this.reader = reader;
    }

    /** {@code value} as a T; null (absent, or JSON null) is a missing parameter. */
    public T read(String name, Object value) {
        if (value == null) {
            throw InvalidInputException.missing(name);
        }
        return reader.read(name, value);
    }

    private static String text(String name, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw new InvalidInputException(name, "'" + name + "' must be a string, got " + describe(v));
    }

    private static Integer integer(String name, Object v) {
        BigInteger i = switch (v) {
            case BigInteger b -> b;
            case Integer n -> BigInteger.valueOf(n);
            case Long n -> BigInteger.valueOf(n);
            case String s when DIGITS.matcher(s.trim()).matches() -> new BigInteger(s.trim());
            default -> throw new InvalidInputException(name, "'" + name + "' must be an integer, got " + describe(v));
        };
        if (i.bitLength() > 31) {
            throw new InvalidInputException(name, "'" + name + "' is out of range: " + i);
        }
        return i.intValue();
    }

    private static Double number(String name, Object v) {
        double d = switch (v) {
            case Number n -> n.doubleValue();
            case String s when DECIMAL.matcher(s.trim()).matches() -> new BigDecimal(s.trim()).doubleValue();
            default -> throw new InvalidInputException(name, "'" + name + "' must be a number, got " + describe(v));
        };
        if (!Double.isFinite(d) || Math.abs(d) > 1e15) {
            throw new InvalidInputException(name, "'" + name + "' is out of range: " + v);
        }
        return d;
    }

    private static Boolean bool(String name, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return t.equals("true");
            }
        }
        throw new InvalidInputException(name, "'" + name + "' must be true or false, got " + describe(v));
    }

    /** What a client sent, for an error message: its kind and, for a single value, the value (cut at 40). */
    public static String describe(Object v) {
        String kind = switch (v) {
            case null -> "null";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "an object";
            case Boolean b -> "a boolean";
            case Number n -> "the number";
            case String s -> "the string";
            default -> "a " + v.getClass().getSimpleName();
        };
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            String text = v instanceof String s ? "\"" + s + "\"" : v.toString();
            return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
        }
        return kind;
    }
}
