package dev.specter.cloud.sim;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.LaunchResult;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.VmState;
import dev.specter.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimCloudTest {
    static final String INSTALL = "install-1";
    static final CloudAccount ANON = CloudAccount.anonymous("hotel");
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();

    SimCloud cloud(SimSettings s) {
        return new SimCloud("hotel", s, dir, clock);
    }

    static SimSettings fixedBoot() {
        return new SimSettings(Duration.ofSeconds(2), Duration.ZERO, -1, 0, 0, 0, Duration.ZERO, 0,
                Duration.ofSeconds(60), 42);
    }

    static LaunchBatch batch(String batch, int n) {
        return new LaunchBatch(batch, IntStream.range(0, n).mapToObj(i -> spec(batch + "-" + i, batch)).toList());
    }

    static VmSpec spec(String token, String batch) {
        return new VmSpec(token, "img", "m1.small", null, "#!/bin/sh",
                OwnershipTags.of(INSTALL, token, "d1", 7, batch));
    }

    @Test
    void vmsBootThenRunAndTheirTokensNeverMakeASecondVm() throws Exception {
        SimCloud c = cloud(fixedBoot());
        LaunchResult r = c.launch(ANON, batch("b1", 3));
        assertThat(r.launched()).hasSize(3).allSatisfy(vm -> {
            assertThat(vm.state()).isEqualTo(VmState.PENDING);
            assertThat(vm.iaasId()).matches("i-[0-9a-f]{17}");
        });
        assertThat(c.launch(ANON, batch("b1", 3)).launched()).extracting(ObservedVm::iaasId)
                .containsExactlyElementsOf(r.launched().stream().map(ObservedVm::iaasId).toList());
        assertThat(c.calls().vmsCreated()).isEqualTo(3);
        assertThat(c.calls().launchCalls()).isEqualTo(2);

        clock.advanceSeconds(2);
        List<ObservedVm> seen = c.describe(ANON, INSTALL);
        assertThat(seen).hasSize(3).allSatisfy(vm -> {
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(vm.hostname()).endsWith(".hotel.sim.specter");
            assertThat(vm.publicIp()).startsWith("198.18.");
            assertThat(vm.token()).startsWith("b1-");
        });
        assertThat(c.describe(ANON, "another-install")).isEmpty();
        assertThat(c.describe(new CloudAccount("hotel", "AKOTHER", "s", null), INSTALL)).as("per account").isEmpty();
    }

    @Test
    void capacityRefusesTheExcessAndTerminationFreesRoom() throws Exception {
        SimCloud c = cloud(fixedBoot().withCapacity(2));
        LaunchResult r = c.launch(ANON, batch("b1", 3));
        assertThat(r.launched()).hasSize(2);
        assertThat(r.refused()).containsOnlyKeys("b1-2");
        assertThat(r.refused().get("b1-2").kind()).isEqualTo(CloudErrorKind.CAPACITY);

        c.terminate(ANON, List.of(r.launched().getFirst().iaasId(), "i-unknown"));
        assertThat(c.liveCount()).isEqualTo(1);
        assertThat(c.describe(ANON, INSTALL)).filteredOn(vm -> vm.state() == VmState.TERMINATED).hasSize(1);
        assertThat(c.launch(ANON, batch("b2", 1)).launched()).hasSize(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(c.describe(ANON, INSTALL)).as("terminated VMs fade from describes")
                .noneMatch(vm -> vm.state() == VmState.TERMINATED);
    }

    @Test
    void itsVmsOutliveARestartIncludingATornJournal() throws Exception {
        SimCloud c = cloud(fixedBoot());
        c.launch(ANON, batch("b1", 2));
        String victim = c.describe(ANON, INSTALL).getFirst().iaasId();
        c.terminate(ANON, List.of(victim));
        // no close(): a crash. Then a write cut in half by the crash.
        Files.writeString(dir.resolve("hotel.journal"), "{\"op\":\"launch\",\"vms\":[{\"tok", StandardOpenOption.APPEND);

        SimCloud reopened = cloud(fixedBoot());
        clock.advanceSeconds(5);
        List<ObservedVm> seen = reopened.describe(ANON, INSTALL);
        assertThat(seen).hasSize(2);
        assertThat(seen).filteredOn(vm -> vm.iaasId().equals(victim)).singleElement()
                .extracting(ObservedVm::state).isEqualTo(VmState.TERMINATED);
        assertThat(reopened.launch(ANON, batch("b1", 2)).launched()).hasSize(2);
        assertThat(reopened.calls().vmsCreated()).as("tokens stay spent across restarts").isZero();
        reopened.close();
        SimCloud compacted = cloud(fixedBoot());
        assertThat(compacted.describe(ANON, INSTALL)).hasSize(2);
        assertThat(Files.size(dir.resolve("hotel.journal"))).isZero();
    }

    @Test
    void faultsCanBeSwitchedOn() throws Exception {
        SimCloud c = cloud(fixedBoot());
        c.faults().down(true);
        assertThatThrownBy(() -> c.describe(ANON, INSTALL)).isInstanceOf(CloudException.class)
                .extracting(e -> ((CloudException) e).kind()).isEqualTo(CloudErrorKind.TRANSIENT);
        c.faults().clear().launchFailureRate(1);
        assertThatThrownBy(() -> c.launch(ANON, batch("b1", 1))).hasMessageContaining("nothing was launched");
        assertThat(c.liveCount()).isZero();

        c.faults().clear().launchLostReplyRate(1);
        assertThatThrownBy(() -> c.launch(ANON, batch("b2", 2))).hasMessageContaining("may have happened");
        assertThat(c.liveCount()).as("the launch happened though the reply was lost").isEqualTo(2);

        c.faults().clear().bootFailureRate(1);
        c.launch(ANON, batch("b3", 1));
        clock.advanceSeconds(3);
        assertThat(c.describe(ANON, INSTALL)).filteredOn(vm -> vm.token().startsWith("b3")).singleElement()
                .extracting(ObservedVm::state).isEqualTo(VmState.FAILED);

        c.faults().clear().maxCallsPerSecond(1);
        c.describe(ANON, INSTALL);
        assertThatThrownBy(() -> c.describe(ANON, INSTALL)).extracting(e -> ((CloudException) e).kind())
                .isEqualTo(CloudErrorKind.THROTTLED);
        clock.advanceSeconds(1);
        c.describe(ANON, INSTALL);
        assertThat(c.calls().throttled()).isEqualTo(1);
    }

    @Test
    void keyPairsArePerAccount() throws Exception {
        SimCloud c = cloud(fixedBoot());
        CloudAccount alice = new CloudAccount("hotel", "AKALICE", "s", "k");
        c.importKeyPair(alice, "phantomkey", "ssh-ed25519 AAAA");
        assertThat(c.keyPairs(alice)).containsExactly("phantomkey");
        assertThat(c.keyPairs(ANON)).isEmpty();
        c.close();
        assertThat(cloud(fixedBoot()).keyPairs(alice)).containsExactly("phantomkey");
    }
}
