package dev.specter.metric;

import java.time.Instant;

/** One reading of a metric. */
public record Sample(Instant time, double value) {
}
