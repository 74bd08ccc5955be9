package dev.specter.store;

import dev.specter.metric.Sample;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Samples pushed to {@code POST /sensors/data}, kept for a retention period. */
public interface MetricSampleStore {
    /** One pushed sample; {@code subject} is an instance id or {@link #domainSubject(String)}. */
    record Pushed(long owner, String subject, String metric, Sample sample) {
    }

    static String domainSubject(String domainId) {
        return "domain:" + domainId;
    }

    void insertAll(List<Pushed> samples);

    /** Samples of {@code metric} for each subject within [from, to], oldest first; subjects without any are absent. */
    Map<String, List<Sample>> read(String metric, Collection<String> subjects, Instant from, Instant to);

    /** The metric names the owner has pushed. */
    Set<String> metrics(long owner);

    /** Deletes samples older than {@code before}; returns how many. */
    int purge(Instant before);
}
