package dev.specter.metric;

import java.util.Set;

/**
 * Where metric samples come from: pushed to Specter's API, synthesized by the simulated cloud, or
 * read from Prometheus or CloudWatch. Called by the control loop once per evaluation of a domain;
 * it must answer within its own timeout (a slow source must not hold a pass) and report failures
 * as {@link MetricSourceException}, never by blocking or by returning made-up values.
 */
public interface MetricSource {
    /** The name domains and sites select this source by ({@code metric_source}). */
    String name();

    Readings read(MetricQuery query) throws MetricSourceException;

    /** Metric names this source can answer for the user, for {@code GET /sensors}; empty when it cannot tell. */
    Set<String> metricsFor(long owner);
}
