package dev.specter.testing.memory;

import dev.specter.metric.Sample;
import dev.specter.store.MetricSampleStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.specter.testing.memory.Tables.ms;

record InMemoryMetricSampleStore(InMemoryStore db) implements MetricSampleStore {
    @Override
    public void insertAll(List<Pushed> samples) {
        db.write(t -> t.samples.addAll(samples.stream().map(p -> new Pushed(p.owner(), p.subject(), p.metric(),
                new Sample(ms(p.sample().time()), p.sample().value()))).toList()));
    }

    @Override
    public Map<String, List<Sample>> read(String metric, Collection<String> subjects, Instant from, Instant to) {
        Set<String> wanted = new HashSet<>(subjects);
        return db.read(t -> {
            Map<String, List<Sample>> out = new LinkedHashMap<>();
            t.samples.stream().filter(p -> p.metric().equals(metric) && wanted.contains(p.subject())
                            && !p.sample().time().isBefore(from) && !p.sample().time().isAfter(to))
                    .sorted(Comparator.comparing(p -> p.sample().time()))
                    .forEach(p -> out.computeIfAbsent(p.subject(), s -> new ArrayList<>()).add(p.sample()));
            return out;
        });
    }

    @Override
    public Set<String> metrics(long owner) {
        return db.read(t -> t.samples.stream().filter(p -> p.owner() == owner).map(Pushed::metric)
                .collect(Collectors.toSet()));
    }

    @Override
    public int purge(Instant before) {
        return db.write(t -> {
            int n = t.samples.size();
            t.samples.removeIf(p -> p.sample().time().isBefore(before));
            return n - t.samples.size();
        });
    }
}
