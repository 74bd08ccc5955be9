package dev.specter.domain;

import dev.specter.validation.Bound;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;
import dev.specter.validation.Text;

/**
 * Semantic checks of a domain definition, after its JSON has been read into typed values. The
 * policy's parameters are checked as its {@link PolicyCodec} declares them.
 */
public final class DomainRules {
    private final Limits limits;

    public DomainRules(Limits limits) {
        this.limits = limits;
    }

    public void check(DomainDefinition d) {
        Names.check("name", d.name(), limits);
        if (d.lcName() == null) {
            throw InvalidInputException.missing("lc_name");
        }
        Text.atMost("lc_name", d.lcName(), limits.maxNameLength());
        metrics("monitor_sensors", d.monitorSensors());
        metrics("monitor_domain_sensors", d.monitorDomainSensors());
        PolicyCodecs.check(d.policy(), limits);
        MetricSettings m = d.metrics();
        Bound<Integer> period = Bound.seconds(1, 86_400);
        period.check("metric_sample_window", m.sampleWindowSeconds(), limits);
        period.check("metric_evaluation_period", m.evaluationPeriodSeconds(), limits);
        if (m.source() != null && !m.source().matches("[A-Za-z0-9._-]{1,64}")) {
            throw new InvalidInputException("metric_source", "'metric_source' must name a metric source (letters, "
                    + "digits, '.', '_', '-'; at most 64)");
        }
        if (m.query() != null) {
            Bound.length(1, MAX_QUERY_LENGTH).check("metric_query", m.query(), limits);
        }
    }

    /** domains.metric_query is varchar(4096). */
    public static final int MAX_QUERY_LENGTH = 4096;

    /**
     * A metric name as sources know them (Prometheus, CloudWatch and the sim all stay far below):
     * metric_samples.metric is varchar(256), and an engine's metric must be one a reading can carry.
     */
    public static final int MAX_METRIC_LENGTH = 256;
    /** Joined with commas, 16 names of 256 characters take 4,111 of monitor_sensors' varchar(8192). */
    private static final int MAX_MONITORED = 16;

    private static void metrics(String field, java.util.List<String> names) {
        if (names.size() > MAX_MONITORED) {
            throw new InvalidInputException(field, "'" + field + "' lists more than " + MAX_MONITORED + " metrics");
        }
        for (String n : names) {
            if (Text.length(n) > MAX_METRIC_LENGTH) {
                throw new InvalidInputException(field, "'" + field + "' names a metric longer than "
                        + MAX_METRIC_LENGTH + " characters");
            }
        }
    }
}
