package dev.specter.metric;

import dev.specter.validation.InvalidInputException;

import java.util.List;
import java.util.Locale;

/** How the samples of a window are reduced to one value, named as CloudWatch names them. */
public enum Statistic {
    AVERAGE("Average"), MAXIMUM("Maximum"), MINIMUM("Minimum");

    private final String label;

    Statistic(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The statistic of {@code values}; NaN when there are none. */
    public double of(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        return switch (this) {
            case AVERAGE -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case MAXIMUM -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            case MINIMUM -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        };
    }

    public static Statistic parse(String field, String text) {
        for (Statistic s : values()) {
            if (s.label.toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new InvalidInputException(field, "'" + field + "' must be one of " + List.of(values()).stream()
                .map(Statistic::label).toList() + ", got '" + text + "'");
    }
}
