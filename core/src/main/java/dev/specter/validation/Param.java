package dev.specter.validation;

import java.util.Map;
import java.util.function.Function;

/**
 * One named parameter of a record {@code R}, declared once: its name, type, the component of
 * {@code R} holding it, the value it takes when absent, and its bound. That one declaration serves
 * reading the parameter, writing it and checking it.
 *
 * @param fallback the value when the parameter is absent or null; null when it is required
 */
public record Param<R, T>(String name, ParamType<T> type, Function<R, T> value, T fallback, Bound<T> bound) {
    public static <R, T> Param<R, T> required(String name, ParamType<T> type, Function<R, T> value, Bound<T> bound) {
        return new Param<>(name, type, value, null, bound);
    }

    public static <R, T> Param<R, T> optional(String name, ParamType<T> type, Function<R, T> value, T fallback,
                                              Bound<T> bound) {
        return new Param<>(name, type, value, fallback, bound);
    }

    /** This parameter's value among {@code params}, or an error naming it. */
    public T read(Map<String, ?> params) {
        Object raw = params.get(name);
        return raw == null && fallback != null ? fallback : type.read(name, raw);
    }

    /** This parameter's value in {@code record}. */
    public T of(R record) {
        return value.apply(record);
    }

    public void check(R record, Limits limits) {
        bound.check(name, of(record), limits);
    }
}
