package dev.specter.metric;

import java.util.List;

/** A metric as {@code sensor_data} shows it: the samples of the window and their statistic. */
public record SensorReading(List<Double> series, double value) {
    public SensorReading {
        series = List.copyOf(series);
    }
}
