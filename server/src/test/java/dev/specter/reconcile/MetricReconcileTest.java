package dev.specter.reconcile;

import dev.specter.activity.Activity;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.domain.manage.InstanceService;
import dev.specter.engine.ScalingState;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.metric.Sample;
import dev.specter.metric.Statistic;
import dev.specter.store.MetricSampleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Metric-driven domains through the reconciler, with a manual clock and pushed readings. */
class MetricReconcileTest {
    static final SensorPolicy POLICY = new SensorPolicy("load", 1, 5, 1.0, 1, 0.3, 1, 60);
    /** Readings count for 5 s, so each step's pushes are all an evaluation sees. */
    static final MetricSettings WINDOW_5S = new MetricSettings(null, null, Statistic.AVERAGE, 5, 10);
    @TempDir
    Path dir;
    ReconcileHarness h;

    @BeforeEach
    void setUp() {
        h = new ReconcileHarness(dir);
        h.lc("lc", "hotel", -1);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    String sensorDomain() {
        return h.domains.create(h.user.id(), new DomainDefinition("s", "lc", POLICY, List.of(), List.of(),
                WINDOW_5S)).value().id();
    }

    void push(String domainId, double value) {
        List<MetricSampleStore.Pushed> samples = h.live(domainId).stream()
                .filter(i -> i.state() == LifecycleState.RUNNING)
                .map(i -> new MetricSampleStore.Pushed(h.user.id(), i.id(), "load", new Sample(h.clock.instant(), value)))
                .toList();
        h.store.metricSamples().insertAll(samples);
    }

    long running(String domainId) {
        return h.live(domainId).stream().filter(i -> i.state() == LifecycleState.RUNNING).count();
    }

    @Test
    void theDecidedSizeAndTheCooldownSurviveARestart() {
        String d = sensorDomain();
        h.clock.advanceSeconds(2);
        h.settle(d);
        assertThat(running(d)).isEqualTo(1);

        h.clock.advanceSeconds(11);
        push(d, 2.0);
        h.settle(d);
        assertThat(running(d)).isEqualTo(2);
        ScalingState state = h.store.scaling().forDomain(d);
        assertThat(state.desired()).isEqualTo(2);

        h.restart(); // the process is gone; only the store remembers
        h.clock.advanceSeconds(11);
        push(d, 2.0);
        h.settle(d);
        assertThat(running(d)).as("still cooling down after the restart").isEqualTo(2);

        h.clock.advanceSeconds(60);
        push(d, 2.0);
        h.settle(d);
        assertThat(running(d)).isEqualTo(3);
        assertThat(h.activities(d)).extracting(Activity::action).contains("scale", "cooldown");
    }

    @Test
    void aFailedVmIsReplacedNotTakenAsTheNewSize() throws Exception {
        String d = sensorDomain();
        h.clock.advanceSeconds(2);
        h.settle(d);
        h.clock.advanceSeconds(11);
        push(d, 2.0);
        h.settle(d);
        assertThat(running(d)).isEqualTo(2);
        Instance victim = h.live(d).getFirst();
        h.sims.get("hotel").terminate(dev.specter.cloud.CloudAccount.anonymous("hotel"), List.of(victim.iaasId()));
        h.clock.advanceSeconds(61); // past the missing timeout and the cooldown, no readings meanwhile
        h.settle(d);
        h.clock.advanceSeconds(3);
        h.settle(d);
        assertThat(running(d)).as("no readings: holds the decided 2, replacing the lost VM").isEqualTo(2);
    }

    @Test
    void removingAVmForGoodLowersTheDecidedSizeToo() {
        String d = sensorDomain();
        h.clock.advanceSeconds(2);
        h.settle(d);
        h.clock.advanceSeconds(11);
        push(d, 2.0);
        h.settle(d);
        assertThat(h.store.scaling().forDomain(d).desired()).isEqualTo(2);
        new InstanceService(h.store, h.domains, id -> { }).terminate(h.user.id(), d, h.live(d).getFirst().id(), true);
        assertThat(h.store.scaling().forDomain(d).desired()).isEqualTo(1);
        assertThat(((SensorPolicy) h.domainRecord(d).policy()).minimumVms()).isZero();
        h.clock.advanceSeconds(3);
        h.settle(d);
        h.clock.advanceSeconds(3);
        h.settle(d);
        assertThat(running(d)).isEqualTo(1);
    }

    @Test
    void switchingEnginesByPutStartsTheNewEngineFromTheCurrentSize() {
        String d = h.domain("lc", 3);
        h.clock.advanceSeconds(2);
        h.settle(d);
        h.domains.replace(h.user.id(), h.domainRecord(d), new DomainDefinition(h.domainRecord(d).name(), "lc", POLICY,
                List.of(), List.of(), WINDOW_5S), java.util.OptionalLong.empty());
        h.clock.advanceSeconds(1);
        push(d, 0.5); // within the thresholds: hold
        h.settle(d);
        assertThat(running(d)).isEqualTo(3);
        assertThat(h.store.scaling().forDomain(d).desired()).isEqualTo(3);

        h.domains.replace(h.user.id(), h.domainRecord(d), new DomainDefinition(h.domainRecord(d).name(), "lc",
                new MultiCloudPolicy(1), List.of(), List.of(), MetricSettings.DEFAULT), java.util.OptionalLong.empty());
        h.clock.advanceSeconds(1);
        h.settle(d);
        h.clock.advanceSeconds(3);
        h.settle(d);
        assertThat(running(d)).isEqualTo(1);
    }

    @Test
    void readingsAreEvaluatedOncePerPeriodNotEveryPass() {
        String d = sensorDomain();
        h.clock.advanceSeconds(2);
        h.settle(d);
        h.clock.advanceSeconds(1);
        DomainReconciler.Outcome o = h.pass(d);
        h.clock.advanceSeconds(1);
        push(d, 2.0);
        assertThat(o.wakeAt()).as("the next evaluation, one period after the last").isNotNull();
        h.pass(d);
        assertThat(running(d) + h.live(d).stream().filter(i -> i.state().beforeRunning()).count())
                .as("the readings arrived after this period's evaluation: nothing yet").isEqualTo(1);
        h.clock.advance(Duration.between(h.clock.instant(), o.wakeAt()));
        push(d, 2.0);
        h.pass(d);
        assertThat(h.live(d)).hasSize(2);
    }

    @Test
    void aVmWarmsUpFromWhenItReachedRunningNotFromItsLaunch() {
        String d = h.domains.create(h.user.id(), new DomainDefinition("t", "lc",
                new dev.specter.domain.TargetPolicy("load", 50, 1, 5, false, 60), List.of(), List.of(), WINDOW_5S))
                .value().id();
        h.pass(d);
        assertThat(h.live(d)).hasSize(1);
        h.clock.advanceSeconds(50); // a slow boot: Specter sees it RUNNING 50 s after the launch
        h.describeAll();
        h.pass(d);
        assertThat(running(d)).isEqualTo(1);

        h.clock.advanceSeconds(15); // 65 s after the launch, 15 s after reaching RUNNING
        push(d, 100);
        h.pass(d);
        assertThat(h.live(d)).as("still warming up: its load says nothing yet").hasSize(1);

        h.clock.advanceSeconds(50); // 65 s after reaching RUNNING
        push(d, 100);
        h.pass(d);
        assertThat(h.live(d)).as("in service: 1 x 100 / 50").hasSize(2);
    }
}
