package dev.specter.api.phantom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.api.Fields;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.PolicyCodecs;
import dev.specter.domain.ScalingPolicy;
import dev.specter.metric.Statistic;
import dev.specter.validation.InvalidInputException;

/**
 * Reads a domain definition from a Phantom request body: the policy's parameters through its
 * {@link dev.specter.domain.PolicyCodec}, chosen by {@code de_name}. Unknown fields are ignored, as Phantom did.
 */
final class DomainRequests {
    private DomainRequests() {
    }

    /** @param keptName the name to keep when the body has none (PUT), or null when a name is required (POST) */
    static DomainDefinition definition(ObjectNode body, String keptName) {
        String name = Fields.optionalString(body, "name");
        if (name == null) {
            if (keptName == null) {
                throw new InvalidInputException("name", "You must provide a name for your domain");
            }
            name = keptName;
        }
        String engine = Fields.string(body, "de_name");
        String lcName = Fields.string(body, "lc_name");
        ScalingPolicy policy = PolicyCodecs.decode(engine, Fields.values(body));
        return new DomainDefinition(name, lcName, policy, Fields.names(body, "monitor_sensors"),
                Fields.names(body, "monitor_domain_sensors"), metrics(body));
    }

    /** The optional metric_* fields; each one absent takes its default. */
    private static MetricSettings metrics(ObjectNode body) {
        MetricSettings d = MetricSettings.DEFAULT;
        return new MetricSettings(Fields.optionalString(body, "metric_source"),
                Fields.optionalString(body, "metric_query"),
                Fields.has(body, "metric_statistic")
                        ? Statistic.parse("metric_statistic", Fields.string(body, "metric_statistic")) : d.statistic(),
                Fields.has(body, "metric_sample_window") ? Fields.integer(body, "metric_sample_window")
                        : d.sampleWindowSeconds(),
                Fields.has(body, "metric_evaluation_period") ? Fields.integer(body, "metric_evaluation_period")
                        : d.evaluationPeriodSeconds());
    }
}
