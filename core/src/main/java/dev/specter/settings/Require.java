package dev.specter.settings;

import java.time.Duration;

/** The checks settings records make of their values, each failing with a {@link ConfigException} naming the key. */
public final class Require {
    private Require() {
    }

    public static <T> T present(String key, T value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new ConfigException(key, "is missing");
        }
        return value;
    }

    public static int between(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static double between(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new ConfigException(key, "must be a number between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static Duration positive(String key, Duration value) {
        if (present(key, value).isNegative() || value.isZero()) {
            throw new ConfigException(key, "must be more than 0, got '" + Durations.format(value) + "'");
        }
        return value;
    }
}
