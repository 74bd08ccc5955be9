package dev.specter.metric.observe;

import dev.specter.domain.Domain;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.engine.MetricObservation;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.metric.MetricQuery;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.MetricSourceException;
import dev.specter.metric.MetricSubject;
import dev.specter.metric.Readings;
import dev.specter.metric.Sample;
import dev.specter.metric.SensorBoard;
import dev.specter.metric.Statistic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Where an evaluation's readings come from, and what it makes of them; sources are fakes. */
class DomainMetricsTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    /** A source answering from fixed samples, recording what it was asked. */
    static final class FakeSource implements MetricSource {
        final String name;
        final Map<String, List<Sample>> instances = new HashMap<>();
        final List<Sample> domain = new ArrayList<>();
        final List<MetricQuery> asked = new ArrayList<>();
        MetricSourceException failure;

        FakeSource(String name) {
            this.name = name;
        }

        FakeSource instance(String id, double... values) {
            instances.put(id, samples(values));
            return this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Readings read(MetricQuery q) throws MetricSourceException {
            asked.add(q);
            if (failure != null) {
                throw failure;
            }
            Map<String, List<Sample>> answer = new HashMap<>();
            q.instances().forEach(s -> {
                if (instances.containsKey(s.instanceId())) {
                    answer.put(s.instanceId(), instances.get(s.instanceId()));
                }
            });
            return new Readings(answer, q.domainLevel() ? domain : List.of());
        }

        @Override
        public Set<String> metricsFor(long owner) {
            return Set.of();
        }
    }

    static List<Sample> samples(double... values) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Sample(NOW.minusSeconds(10L * (values.length - i)), values[i]));
        }
        return out;
    }

    final FakeSource push = new FakeSource(MetricSourceCatalog.PUSH);
    final FakeSource hotelSource = new FakeSource("hotel-prom");
    final FakeSource named = new FakeSource("central");
    final Map<String, MetricSource> byName = new HashMap<>(Map.of("push", push, "hotel-prom", hotelSource,
            "central", named));
    final SensorBoard board = new SensorBoard();
    final DomainMetrics metrics = new DomainMetrics(new MetricSourceCatalog() {
        @Override
        public Optional<MetricSource> named(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public Optional<MetricSource> defaultFor(String site) {
            return site.equals("hotel") ? Optional.of(hotelSource) : Optional.empty();
        }

        @Override
        public Set<String> names() {
            return byName.keySet();
        }
    }, board);

    static Domain sensorDomain(MetricSettings settings, List<String> monitor, List<String> monitorDomain) {
        return new Domain("d1", 7, "d", "lc", new SensorPolicy("load", 1, 5, 1.0, 1, 0.3, 1, 60), monitor,
                monitorDomain, settings, 1, NOW, NOW, null);
    }

    static Instance running(String id, String site) {
        return Instance.requesting(id, "d1", 7, site, "b", "img", "small", null, null, "test", NOW)
                .withCloudFacts("i-" + id, "h-" + id, null, "10.0.0.1")
                .moveTo(LifecycleState.RUNNING, "running", NOW);
    }

    @Test
    void pushedSamplesWinAndTheRestComeFromEachSitesDefaultSource() {
        push.instance("a", 2.0, 4.0);
        hotelSource.instance("a", 100).instance("b", 0.0, 1.0);
        MetricObservation o = metrics.evaluate(sensorDomain(MetricSettings.DEFAULT, List.of(), List.of()),
                List.of(running("a", "hotel"), running("b", "hotel"), running("c", "sierra")), NOW);

        assertThat(o.instances()).containsOnly(Map.entry("a", 3.0), Map.entry("b", 0.5));
        assertThat(o.missing()).containsExactly("c");
        assertThat(o.failure()).isNull();
        assertThat(hotelSource.asked).singleElement()
                .satisfies(q -> assertThat(q.instances()).extracting(MetricSubject::instanceId).containsExactly("b"));
        assertThat(hotelSource.asked.getFirst().window()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aNamedSourceIsTheOnlyOneAskedAndAnUnknownNameIsAFailureNotAReadingOfZero() {
        named.instance("a", 7.0);
        push.instance("a", 1.0);
        MetricSettings central = new MetricSettings("central", null, Statistic.MAXIMUM, 90, 10);
        MetricObservation o = metrics.evaluate(sensorDomain(central, List.of(), List.of()),
                List.of(running("a", "hotel")), NOW);
        assertThat(o.instances()).containsExactly(Map.entry("a", 7.0));
        assertThat(push.asked).isEmpty();
        assertThat(hotelSource.asked).isEmpty();

        MetricSettings gone = new MetricSettings("nowhere", null, Statistic.AVERAGE, 90, 10);
        MetricObservation none = metrics.evaluate(sensorDomain(gone, List.of(), List.of()),
                List.of(running("a", "hotel")), NOW);
        assertThat(none.instances()).isEmpty();
        assertThat(none.missing()).containsExactly("a");
        assertThat(none.failure()).contains("no metric source named 'nowhere'");
    }

    @Test
    void aFailingSourceIsReportedWhileWhatTheOthersAnsweredStillCounts() {
        push.instance("a", 2.0);
        hotelSource.failure = new MetricSourceException("Prometheus at http://x did not answer within 5 s");
        MetricObservation o = metrics.evaluate(sensorDomain(MetricSettings.DEFAULT, List.of(), List.of()),
                List.of(running("a", "hotel"), running("b", "hotel")), NOW);
        assertThat(o.instances()).containsExactly(Map.entry("a", 2.0));
        assertThat(o.missing()).containsExactly("b");
        assertThat(o.failure()).isEqualTo("hotel-prom: Prometheus at http://x did not answer within 5 s");
    }

    @Test
    void samplesOutsideTheWindowOrNotFiniteAreDropped() {
        push.instances.put("a", List.of(new Sample(NOW.minusSeconds(91), 50.0), new Sample(NOW.minusSeconds(30), 1.0),
                new Sample(NOW.minusSeconds(20), Double.NaN), new Sample(NOW.plusSeconds(1), 70.0)));
        MetricObservation o = metrics.evaluate(sensorDomain(MetricSettings.DEFAULT, List.of(), List.of()),
                List.of(running("a", "sierra")), NOW);
        assertThat(o.instances()).containsExactly(Map.entry("a", 1.0));
    }

    @Test
    void domainReadingsComeFromPushFirstAndMonitoredMetricsReachTheBoard() {
        push.domain.addAll(samples(9.0));
        hotelSource.domain.addAll(samples(1.0));
        hotelSource.instance("a", 0.5);
        Domain d = sensorDomain(MetricSettings.DEFAULT, List.of("cpu"), List.of("queue"));
        MetricObservation o = metrics.evaluate(d, List.of(running("a", "hotel")), NOW);

        assertThat(o.domain()).isEqualTo(9.0);
        SensorBoard.Entry e = board.of("d1");
        assertThat(e.domain()).containsOnlyKeys("load", "queue");
        assertThat(e.domain().get("queue").value()).isEqualTo(9.0);
        assertThat(e.instances().get("a")).containsOnlyKeys("load", "cpu");
        assertThat(e.instances().get("a").get("cpu").series()).containsExactly(0.5);
    }

    @Test
    void aDomainWithoutAMetricEngineOnlyFeedsTheBoard() {
        hotelSource.instance("a", 0.25);
        Domain d = new Domain("d1", 7, "d", "lc", new MultiCloudPolicy(1), List.of("cpu"), List.of(),
                MetricSettings.DEFAULT, 1, NOW, NOW, null);
        assertThat(metrics.evaluate(d, List.of(running("a", "hotel")), NOW)).isNull();
        assertThat(board.of("d1").instances().get("a").get("cpu").value()).isEqualTo(0.25);
    }
}
