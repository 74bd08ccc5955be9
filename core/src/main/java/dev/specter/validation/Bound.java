package dev.specter.validation;

/** What a parameter's value must keep to, checked with the operator's {@link Limits}; errors name the parameter. */
@FunctionalInterface
public interface Bound<T> {
    void check(String name, T value, Limits limits);

    static <T> Bound<T> none() {
        return (name, value, limits) -> { };
    }

    /** A number of VMs: 0 to {@code limits.max_vm_count}. */
    static Bound<Integer> count() {
        return (name, v, limits) -> {
            if (v < 0 || v > limits.maxVmCount()) {
                throw new InvalidInputException(name, "'" + name + "' must be between 0 and " + limits.maxVmCount()
                        + ", got " + v);
            }
        };
    }

    static Bound<Integer> seconds(int min, int max) {
        return (name, v, limits) -> {
            if (v < min || v > max) {
                throw new InvalidInputException(name, "'" + name + "' must be between " + min + " and " + max
                        + " seconds, got " + v);
            }
        };
    }

    /** Text of {@code min} to {@code max} characters (code points, as the database counts them), not blank. */
    static Bound<String> length(int min, int max) {
        return (name, v, limits) -> {
            if (v.isBlank() || Text.length(v) < min || Text.length(v) > max) {
                throw new InvalidInputException(name, "'" + name + "' must be " + min + " to " + max + " characters");
            }
        };
    }

    static Bound<Double> finite() {
        return (name, v, limits) -> {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException(name, "'" + name + "' must be a finite number");
            }
        };
    }

    /** A finite number greater than 0. */
    static Bound<Double> positive() {
        return (name, v, limits) -> {
            finite().check(name, v, limits);
            if (v <= 0) {
                throw new InvalidInputException(name, "'" + name + "' must be greater than 0, got " + v);
            }
        };
    }
}
