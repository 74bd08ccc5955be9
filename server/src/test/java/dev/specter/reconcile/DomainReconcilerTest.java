package dev.specter.reconcile;

import dev.specter.activity.Activity;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.domain.manage.InstanceService;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DomainReconcilerTest {
    @TempDir
    Path dir;
    ReconcileHarness h;

    @BeforeEach
    void setUp() {
        h = new ReconcileHarness(dir);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void scaleUpIsOneBatchedCallWrittenAheadThenRunning() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        String d = h.domain("lc", 20);
        h.pass(d);
        assertThat(h.sims.get("hotel").calls().launchCalls()).as("one call for 20 VMs").isEqualTo(1);
        assertThat(h.sims.get("hotel").calls().total()).as("and no other call").isEqualTo(1);
        assertThat(h.live(d)).hasSize(20).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo(LifecycleState.PENDING);
            assertThat(i.site()).isEqualTo("hotel");
            assertThat(i.iaasId()).startsWith("i-");
        });
        h.clock.advanceSeconds(2);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 20L));
        assertThat(h.live(d)).allSatisfy(i -> assertThat(i.hostname()).isNotBlank());
        assertThat(h.activities(d)).extracting(Activity::action).contains("launch");
        assertThat(h.activities(d).getLast().cause()).isEqualTo("vm_count is 20");
    }

    @Test
    void overflowToTheNextSiteThenScaleDownTerminatesAtTheClouds() {
        h.lc("lc", "hotel", 2, "sierra", 4);
        String d = h.domain("lc", 4);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 2L), Map.entry("sierra", 2L));

        h.vmCount(d, 1);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 1L));
        assertThat(h.liveAtClouds()).isEqualTo(1);

        h.vmCount(d, 0);
        h.settle(d);
        assertThat(h.live(d)).isEmpty();
        assertThat(h.liveAtClouds()).isZero();
        assertThat(h.vmsCreated()).isEqualTo(4);
    }

    @Test
    void aCrashBeforeTheCloudCallIsResolvedByDescribingThenRelaunchingTheSameTokens() {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 3);
        // the write-ahead records exist, the call never went out (the process died in between)
        List<Instance> intents = List.of(0, 1, 2).stream().map(k -> Instance.requesting("crashbatch00000-" + k, d,
                h.user.id(), "hotel", "crashbatch00000", "img", "m1.small", null, null, "vm_count is 3",
                h.clock.instant())).toList();
        h.store.instances().insertAll(intents);
        h.restart();
        h.pass(d);
        assertThat(h.vmsCreated()).as("nothing launched before a describe has looked").isZero();
        h.settle(d);
        assertThat(h.live(d)).extracting(Instance::id).containsExactlyInAnyOrder("crashbatch00000-0",
                "crashbatch00000-1", "crashbatch00000-2");
        assertThat(h.vmsCreated()).isEqualTo(3);
    }

    @Test
    void aCrashAfterTheCloudCallAdoptsTheVmsInsteadOfLaunchingAgain() throws Exception {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 2);
        List<Instance> intents = List.of(0, 1).stream().map(k -> Instance.requesting("lostbatch000000-" + k, d,
                h.user.id(), "hotel", "lostbatch000000", "img", "m1.small", null, null, "vm_count is 2",
                h.clock.instant()).moveTo(LifecycleState.REQUESTED, "sent", h.clock.instant())).toList();
        h.store.instances().insertAll(intents);
        h.sims.get("hotel").launch(CloudAccount.anonymous("hotel"), new dev.specter.cloud.LaunchBatch(
                "lostbatch000000", intents.stream().map(i -> new VmSpec(i.id(), "img", "m1.small", null, null,
                        dev.specter.cloud.OwnershipTags.of(h.installation, i.id(), d, h.user.id(), i.batchId())))
                .toList()));
        h.restart();
        h.settle(d);
        assertThat(h.vmsCreated()).as("adopted, not relaunched").isEqualTo(2);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 2L));
    }

    @Test
    void aLostLaunchReplyIsResolvedWithoutASecondVm() {
        h.lc("lc", "hotel", -1);
        h.sims.get("hotel").faults().launchLostReplyRate(1);
        String d = h.domain("lc", 3);
        h.pass(d);
        assertThat(h.live(d)).allSatisfy(i -> assertThat(i.state()).isEqualTo(LifecycleState.ERROR_RETRYING));
        h.sims.get("hotel").faults().clear();
        h.clock.advanceSeconds(1);
        h.settle(d);
        assertThat(h.vmsCreated()).isEqualTo(3);
        assertThat(h.runningBySite(d)).containsEntry("hotel", 3L);
        assertThat(h.liveAtClouds()).isEqualTo(3);
    }

    @Test
    void aLostReplyNeitherRestsTheSiteNorAbandonsTheLaunchBeforeADescribeSettlesIt() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        SimCloud hotel = h.sims.get("hotel");
        hotel.faults().launchLostReplyRate(1);
        String d = h.domain("lc", 5);
        h.pass(d);
        hotel.faults().clear();
        h.clock.advanceSeconds(1);
        h.pass(d); // no describe yet: the outcome is still unknown, and the VMs may well be running
        assertThat(h.live(d)).hasSize(5).allSatisfy(i -> assertThat(i.state()).isEqualTo(LifecycleState.ERROR_RETRYING));
        assertThat(h.sims.get("sierra").calls().launchCalls()).as("replaced elsewhere before knowing").isZero();
        h.settle(d);
        assertThat(hotel.calls().launchCalls()).isEqualTo(1);
        assertThat(hotel.calls().terminateCalls()).isZero();
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 5L));
    }

    @Test
    void anUnknownLaunchOnASiteRestingAfterFailuresWaitsForADescribeInsteadOfBeingReplaced() {
        ControlSettings d0 = ControlSettings.DEFAULT;
        h.settings = new ControlSettings(d0.resyncInterval(), d0.fullResyncInterval(), d0.describeInterval(),
                d0.bootTimeout(), d0.missingTimeout(), d0.instanceRetention(), 1, d0.siteBackoff(), d0.siteBackoffMax());
        h.restart();
        h.lc("lc", "hotel", -1, "sierra", -1);
        SimCloud hotel = h.sims.get("hotel");
        hotel.faults().launchLostReplyRate(1);
        String d = h.domain("lc", 2);
        h.pass(d); // the failed call rests hotel at once (threshold 1), but hotel still answers describes
        hotel.faults().clear();
        h.clock.advanceSeconds(1);
        h.pass(d);
        assertThat(h.sims.get("sierra").calls().launchCalls()).as("replaced before a describe could tell").isZero();
        h.settle(d);
        assertThat(hotel.calls().terminateCalls()).isZero();
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 2L));
    }

    @Test
    void aDescribeSentWhileTheLaunchWasAtTheCloudIsNoProofThatNothingWasLaunched() {
        h.lc("lc", "hotel", -1);
        SimCloud hotel = h.sims.get("hotel");
        hotel.faults().launchLostReplyRate(1);
        // the poller's describe goes out while the launch call is at the cloud, before the VMs exist
        hotel.watchLaunches(batch -> {
            h.clock.advance(Duration.ofMillis(50));
            h.describeAll();
            h.clock.advance(Duration.ofMillis(50));
        });
        String d = h.domain("lc", 2);
        h.pass(d);
        hotel.watchLaunches(batch -> { });
        hotel.faults().clear();
        assertThat(h.snapshots.get("hotel").byToken()).isEmpty();
        h.pass(d);
        // a cloud that ignores client tokens would now run the VMs twice
        assertThat(hotel.calls().launchCalls()).as("relaunched on a describe that could not see the VMs").isEqualTo(1);
        h.settle(d);
        assertThat(hotel.calls().launchCalls()).isEqualTo(1);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 2L));
    }

    @Test
    void aSiteThatRefusesPartOfABatchIsBackedOffAndTheRestOverflows() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        h.sims.get("hotel").faults().capacity(5);
        String d = h.domain("lc", 10);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 5L), Map.entry("sierra", 5L));
        assertThat(h.store.instances().byDomain(d, h.clock.instant().minusSeconds(3600)))
                .filteredOn(i -> i.state() == LifecycleState.REJECTED).hasSize(5);
        assertThat(h.activities(d)).extracting(Activity::action).contains("site_backoff");
        assertThat(h.vmsCreated()).isEqualTo(10);
    }

    @Test
    void afterTheBackOffNewVmsGoToTheBetterSiteAgain() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        h.sims.get("hotel").faults().launchFailureRate(1);
        String d = h.domain("lc", 3);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("sierra", 3L));
        h.sims.get("hotel").faults().clear();
        h.clock.advanceSeconds(31);
        h.vmCount(d, 5);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("hotel", 2L), Map.entry("sierra", 3L));
    }

    @Test
    void vmsThatFailToBootAreTerminatedAndReplaced() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        h.sims.get("hotel").faults().bootFailureRate(1);
        String d = h.domain("lc", 3);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsExactly(Map.entry("sierra", 3L));
        assertThat(h.sims.get("hotel").liveCount()).as("failed VMs were terminated").isZero();
        assertThat(h.store.instances().byDomain(d, h.clock.instant().minusSeconds(3600)))
                .filteredOn(i -> i.state() == LifecycleState.FAILED).hasSize(3);
        assertThat(h.activities(d)).extracting(Activity::action).contains("replace", "site_backoff");
    }

    @Test
    void aVmTerminatedBehindSpectersBackIsReplaced() throws Exception {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 2);
        h.settle(d);
        Instance victim = h.live(d).getFirst();
        h.sims.get("hotel").terminate(CloudAccount.anonymous("hotel"), List.of(victim.iaasId()));
        h.settle(d);
        assertThat(h.runningBySite(d)).containsEntry("hotel", 2L);
        assertThat(h.live(d)).extracting(Instance::id).doesNotContain(victim.id());
        assertThat(h.store.instances().byId(d, victim.id()).orElseThrow().reason()).contains("not by Specter");
    }

    @Test
    void aVmTheCloudStopsReportingIsMarkedTerminatedAfterTheTimeoutAndReplaced() {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 1);
        h.settle(d);
        Instance vm = h.live(d).getFirst();
        // the cloud "loses" it: describes no longer show it
        h.clock.advanceSeconds(1);
        h.snapshots.put("hotel", dev.specter.cloud.SiteSnapshot.of(h.clock.instant(), List.of()));
        h.clock.advanceSeconds(1);
        h.pass(d);
        assertThat(h.store.instances().byId(d, vm.id()).orElseThrow().missingSince()).isNotNull();
        assertThat(h.store.instances().byId(d, vm.id()).orElseThrow().state()).isEqualTo(LifecycleState.RUNNING);
        h.clock.advanceSeconds(60);
        h.snapshots.put("hotel", dev.specter.cloud.SiteSnapshot.of(h.clock.instant(), List.of()));
        h.clock.advanceSeconds(1);
        h.pass(d);
        assertThat(h.store.instances().byId(d, vm.id()).orElseThrow().state()).isEqualTo(LifecycleState.TERMINATED);
        assertThat(h.live(d)).hasSize(1).allSatisfy(i -> assertThat(i.id()).isNotEqualTo(vm.id()));
    }

    @Test
    void aVmStuckBootingPastTheTimeoutIsFailedTerminatedAndReplaced() {
        h.settings = new ControlSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofHours(2), 3);
        h.restart();
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 1);
        h.pass(d);
        Instance slow = h.live(d).getFirst();
        h.clock.advanceSeconds(31);
        // the describes keep showing it PENDING: boot never finishes on this clock
        h.snapshots.put("hotel", dev.specter.cloud.SiteSnapshot.of(h.clock.instant(), List.of(
                new dev.specter.cloud.ObservedVm(slow.id(), slow.iaasId(), dev.specter.cloud.VmState.PENDING, null,
                        null, null, Map.of()))));
        h.clock.advanceSeconds(1);
        h.pass(d);
        Instance after = h.store.instances().byId(d, slow.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(LifecycleState.TERMINATING);
        assertThat(after.reason()).contains("not RUNNING 30 s");
        assertThat(h.live(d)).filteredOn(i -> i.state().healthy()).hasSize(1);
    }

    @Test
    void deletingTheDomainTerminatesEverything() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        String d = h.domain("lc", 3);
        h.settle(d);
        h.domains.delete(h.user.id(), d);
        h.settle(d);
        assertThat(h.live(d)).isEmpty();
        assertThat(h.liveAtClouds()).isZero();
    }

    @Test
    void deletingOneInstanceReplacesItUnlessThePolicyIsAdjusted() {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 3);
        h.settle(d);
        InstanceService instances = new InstanceService(h.store, h.domains, id -> { });
        Instance first = h.live(d).getFirst();
        instances.terminate(h.user.id(), d, first.id(), false);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsEntry("hotel", 3L);
        assertThat(h.live(d)).extracting(Instance::id).doesNotContain(first.id());

        Instance second = h.live(d).getFirst();
        instances.terminate(h.user.id(), d, second.id(), true);
        h.settle(d);
        assertThat(h.runningBySite(d)).containsEntry("hotel", 2L);
        assertThat(h.live(d)).extracting(Instance::id).doesNotContain(second.id());
        assertThat(h.domainRecord(d).policy()).isEqualTo(new dev.specter.domain.MultiCloudPolicy(2));
        assertThat(h.vmsCreated()).isEqualTo(4);
    }

    @Test
    void anUnreachableSitesUnknownLaunchesAreReplacedElsewhere() {
        h.lc("lc", "hotel", -1, "sierra", -1);
        h.sims.get("hotel").faults().down(true);
        String d = h.domain("lc", 2);
        h.pass(d);
        assertThat(h.live(d)).allSatisfy(i -> assertThat(i.state()).isEqualTo(LifecycleState.ERROR_RETRYING));
        h.unreachable.add("hotel");
        for (int i = 0; i < 5; i++) {
            h.describeAll();
            h.pass(d);
            h.clock.advanceSeconds(1);
        }
        assertThat(h.runningBySite(d)).containsEntry("sierra", 2L);
        h.sims.get("hotel").faults().clear();
        h.unreachable.clear();
        h.clock.advanceSeconds(31);
        h.settle(d);
        assertThat(h.runningBySite(d).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(h.liveAtClouds()).isEqualTo(2);
    }

    @Test
    void aMissingLaunchConfigurationIsRecordedOnce() {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 1);
        h.settle(d);
        h.store.domains().update(h.domainRecord(d).redefine(new dev.specter.domain.DomainDefinition(
                h.domainRecord(d).name(), "gone", new dev.specter.domain.MultiCloudPolicy(2), List.of(), List.of(),
                dev.specter.domain.MetricSettings.DEFAULT)),
                h.clock.instant());
        h.pass(d);
        h.pass(d);
        assertThat(h.activities(d)).filteredOn(a -> a.action().equals("configuration")).hasSize(1);
        assertThat(h.runningBySite(d)).containsEntry("hotel", 1L);
    }

    @Test
    void aSiteWithoutCredentialsIsNoticedOncePerSpellNotOnEveryPass() {
        h.withoutCredentials.add("hotel");
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 2);
        h.pass(d);
        assertThat(h.activities(d)).extracting(Activity::action)
                .containsExactlyInAnyOrder("configuration", "insufficient_capacity");
        for (int i = 0; i < 20; i++) {
            h.clock.advanceSeconds(5);
            h.describeAll();
            h.pass(d);
        }
        assertThat(h.activities(d)).as("nothing changed, so the history did not grow").hasSize(2);

        h.withoutCredentials.clear();
        h.settle(d);
        int before = h.activities(d).size();
        h.withoutCredentials.add("hotel");
        for (int i = 0; i < 5; i++) {
            h.clock.advanceSeconds(5);
            h.pass(d);
        }
        assertThat(h.activities(d).subList(0, h.activities(d).size() - before)).as("the notice recurs once")
                .extracting(Activity::action).containsExactly("configuration");
    }

    @Test
    void terminatedVmsLeaveNoTraceInTheReconcilersMemory() {
        h.lc("lc", "hotel", -1);
        String d = h.domain("lc", 3);
        h.settle(d);
        h.vmCount(d, 0);
        h.settle(d);
        assertThat(h.live(d)).isEmpty();
        assertThat(h.terminationsRemembered(d)).isZero();
    }
}
