package dev.specter.domain;

import dev.specter.metric.Statistic;

/**
 * How a domain's metrics are read, for its engine and for {@code sensor_data}.
 *
 * @param source                  the metric source by name, or null for each site's default
 *                                (readings pushed to the API always count where they exist)
 * @param query                   a query template for sources that take one (Prometheus), or null
 * @param sampleWindowSeconds     the samples of this many seconds are reduced by the statistic
 * @param evaluationPeriodSeconds how often the engine evaluates
 */
public record MetricSettings(String source, String query, Statistic statistic, int sampleWindowSeconds,
                             int evaluationPeriodSeconds) {
    public static final MetricSettings DEFAULT = new MetricSettings(null, null, Statistic.AVERAGE, 90, 10);
}
