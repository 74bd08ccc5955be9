package dev.specter.cloud;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SiteSnapshotTest {
    static ObservedVm vm(String token, String id, VmState s) {
        return new ObservedVm(token, id, s, null, null, null, Map.of());
    }

    @Test
    void eachTokenHasOneVmAndTheRestAreStrays() {
        SiteSnapshot s = SiteSnapshot.of(Instant.EPOCH, List.of(
                vm("a", "i-1", VmState.TERMINATED), vm("a", "i-2", VmState.RUNNING),
                vm("b", "i-3", VmState.RUNNING), vm("b", "i-4", VmState.PENDING),
                vm(null, "i-5", VmState.RUNNING), vm("c", "i-6", VmState.TERMINATED)));
        assertThat(s.vm("a").iaasId()).as("the live one wins over a terminated one").isEqualTo("i-2");
        assertThat(s.vm("b").iaasId()).isEqualTo("i-3");
        assertThat(s.vm("c").state()).isEqualTo(VmState.TERMINATED);
        assertThat(s.strays()).extracting(ObservedVm::iaasId).containsExactlyInAnyOrder("i-4", "i-5");
    }
}
