package dev.specter.metric.observe;

import dev.specter.domain.Domain;
import dev.specter.domain.MetricPolicy;
import dev.specter.domain.MetricSettings;
import dev.specter.engine.MetricObservation;
import dev.specter.instance.Instance;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.SensorBoard;
import dev.specter.metric.SensorReading;
import dev.specter.metric.Statistic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads what one evaluation of a domain needs: its engine's metric for every healthy instance and
 * the domain, and the metrics it monitors ({@code monitor_sensors}, {@code monitor_domain_sensors}),
 * which go to the {@link SensorBoard} for {@code sensor_data}.
 * <p>
 * Where they come from: the domain's {@code metric_source} when it names one; otherwise samples
 * pushed to the API where there are any, and for the other instances the default source of the
 * site each runs on. A source that fails is reported in the observation; what the others answered
 * still counts.
 */
public final class DomainMetrics {
    private final MetricSourceCatalog catalog;
    private final SensorBoard board;
    private final AtomicLong evaluations = new AtomicLong();

    public DomainMetrics(MetricSourceCatalog catalog, SensorBoard board) {
        this.catalog = catalog;
        this.board = board;
    }

    /** How many evaluations have read metrics since start (for benchmarks and operators). */
    public long evaluations() {
        return evaluations.get();
    }

    /** Drops what is remembered of a domain that is gone. */
    public void forget(String domainId) {
        board.forget(domainId);
    }

    /** @return the observation of the engine's metric, or null when the domain's engine uses none */
    public MetricObservation evaluate(Domain d, List<Instance> healthy, Instant now) {
        evaluations.incrementAndGet();
        String engineMetric = d.policy() instanceof MetricPolicy p ? p.metric() : null;
        Set<String> perInstance = new LinkedHashSet<>();
        Set<String> perDomain = new LinkedHashSet<>();
        if (engineMetric != null) {
            perInstance.add(engineMetric);
            perDomain.add(engineMetric);
        }
        perInstance.addAll(d.monitorSensors());
        perDomain.addAll(d.monitorDomainSensors());
        Set<String> all = new LinkedHashSet<>(perInstance);
        all.addAll(perDomain);

        List<MetricSubject> subjects = healthy.stream().map(DomainMetrics::subject).toList();
        Map<String, SensorReading> domainBoard = new LinkedHashMap<>();
        Map<String, Map<String, SensorReading>> instanceBoard = new LinkedHashMap<>();
        MetricObservation observation = null;
        for (String metric : all) {
            Collected c = collect(d, metric, perInstance.contains(metric) ? subjects : List.of(),
                    perDomain.contains(metric), now);
            Statistic stat = d.metrics().statistic();
            Map<String, Double> values = new HashMap<>();
            c.readings.instances().forEach((id, samples) -> {
                List<Double> series = samples.stream().map(Sample::value).toList();
                double v = stat.of(series);
                values.put(id, v);
                instanceBoard.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(metric, new SensorReading(series, v));
            });
            Double domainValue = null;
            if (!c.readings.domain().isEmpty()) {
                List<Double> series = c.readings.domain().stream().map(Sample::value).toList();
                domainValue = stat.of(series);
                domainBoard.put(metric, new SensorReading(series, domainValue));
            }
            if (metric.equals(engineMetric)) {
                List<String> missing = healthy.stream().map(Instance::id).filter(id -> !values.containsKey(id)).toList();
                observation = new MetricObservation(metric, values, domainValue, missing,
                        c.failures.isEmpty() ? null : String.join("; ", c.failures));
            }
        }
        board.put(d.id(), new SensorBoard.Entry(domainBoard, instanceBoard));
        return observation;
    }

    private record Collected(Readings readings, List<String> failures) {
    }

    private Collected collect(Domain d, String metric, List<MetricSubject> subjects, boolean domainLevel, Instant now) {
        MetricSettings s = d.metrics();
        Duration window = Duration.ofSeconds(s.sampleWindowSeconds());
        List<String> failures = new ArrayList<>();
        if (s.source() != null) {
            Optional<MetricSource> named = catalog.named(s.source());
            if (named.isEmpty()) {
                return new Collected(Readings.NONE, List.of("no metric source named '" + s.source() + "'"));
            }
            return new Collected(read(named.get(), new MetricQuery(d.owner(), d.id(), metric, s.statistic(), window,
                    now, subjects, domainLevel, s.query()), failures), failures);
        }
        Map<String, List<Sample>> instances = new HashMap<>();
        List<Sample> domain = new ArrayList<>();
        MetricSource push = catalog.named(MetricSourceCatalog.PUSH).orElseThrow();
        Readings pushed = read(push, new MetricQuery(d.owner(), d.id(), metric, s.statistic(), window, now, subjects,
                domainLevel, null), failures);
        instances.putAll(pushed.instances());
        domain.addAll(pushed.domain());
        // the rest from each site's own source, one query per source
        Map<MetricSource, List<MetricSubject>> bySource = new LinkedHashMap<>();
        for (MetricSubject subject : subjects) {
            if (!instances.containsKey(subject.instanceId())) {
                catalog.defaultFor(subject.site()).filter(src -> src != push)
                        .ifPresent(src -> bySource.computeIfAbsent(src, k -> new ArrayList<>()).add(subject));
            }
        }
        boolean wantDomain = domainLevel && domain.isEmpty();
        for (var e : bySource.entrySet()) {
            Readings r = read(e.getKey(), new MetricQuery(d.owner(), d.id(), metric, s.statistic(), window, now,
                    e.getValue(), wantDomain, s.query()), failures);
            instances.putAll(r.instances());
            if (wantDomain && !r.domain().isEmpty()) {
                domain.addAll(r.domain());
                wantDomain = false;
            }
        }
        return new Collected(new Readings(instances, domain), failures);
    }

    /** The source's answer within the window, or nothing (and the failure noted). */
    private static Readings read(MetricSource source, MetricQuery q, List<String> failures) {
        if (q.instances().isEmpty() && !q.domainLevel()) {
            return Readings.NONE;
        }
        try {
            Readings r = source.read(q);
            Map<String, List<Sample>> instances = new HashMap<>();
            r.instances().forEach((id, samples) -> {
                List<Sample> in = within(samples, q);
                if (!in.isEmpty()) {
                    instances.put(id, in);
                }
            });
            return new Readings(instances, within(r.domain(), q));
        } catch (MetricSourceException e) {
            failures.add(source.name() + ": " + e.getMessage());
            return Readings.NONE;
        } catch (RuntimeException e) {
            failures.add(source.name() + " failed: " + e);
            return Readings.NONE;
        }
    }

    private static List<Sample> within(List<Sample> samples, MetricQuery q) {
        return samples.stream().filter(x -> !x.time().isBefore(q.from()) && !x.time().isAfter(q.to())
                && Double.isFinite(x.value())).toList();
    }

    static MetricSubject subject(Instance i) {
        return new MetricSubject(i.id(), i.site(), i.iaasId(), i.hostname(), i.publicIp(), i.privateIp());
    }
}
