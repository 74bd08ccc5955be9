package dev.specter.metric;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an evaluation asks a source for: the samples of {@code metric} within the window ending at
 * {@code to}, for each instance and, when {@code domainLevel}, for the domain as a whole.
 *
 * @param statistic the statistic the samples will be reduced by; sources that aggregate at the
 *                  source (CloudWatch periods, a Prometheus {@code *_over_time}) aggregate with it
 * @param template  the domain's query template, for sources that take one (null: the source's own)
 */
public record MetricQuery(long owner, String domainId, String metric, Statistic statistic, Duration window,
                          Instant to, List<MetricSubject> instances, boolean domainLevel, String template) {
    public MetricQuery {
        instances = List.copyOf(instances);
    }

    public Instant from() {
        return to.minus(window);
    }
}
