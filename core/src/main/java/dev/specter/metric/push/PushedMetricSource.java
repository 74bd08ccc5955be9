package dev.specter.metric.push;

import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.store.MetricSampleStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Samples pushed to {@code POST /sensors/data}, read back from the store. */
public final class PushedMetricSource implements MetricSource {
    private final MetricSampleStore samples;

    public PushedMetricSource(MetricSampleStore samples) {
        this.samples = samples;
    }

    @Override
    public String name() {
        return MetricSourceCatalog.PUSH;
    }

    @Override
    public Readings read(MetricQuery q) {
        List<String> subjects = new ArrayList<>(q.instances().stream().map(MetricSubject::instanceId).toList());
        String domainSubject = MetricSampleStore.domainSubject(q.domainId());
        if (q.domainLevel()) {
            subjects.add(domainSubject);
        }
        Map<String, List<Sample>> found = new java.util.HashMap<>(samples.read(q.metric(), subjects, q.from(), q.to()));
        List<Sample> domain = found.remove(domainSubject);
        return new Readings(found, domain == null ? List.of() : domain);
    }

    @Override
    public Set<String> metricsFor(long owner) {
        return samples.metrics(owner);
    }
}
