package dev.specter.instance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleStateTest {
    @Test
    void codesAndLabelsMatchPhantom() {
        for (LifecycleState s : LifecycleState.values()) {
            assertThat(LifecycleState.ofCode(s.code())).isEqualTo(s);
        }
        assertThat(LifecycleState.RUNNING.label()).isEqualTo("600-RUNNING");
        assertThat(LifecycleState.RUNNING_FAILED.label()).isEqualTo("650-RUNNING_FAILED");
        assertThatThrownBy(() -> LifecycleState.ofCode(150)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthIsRequestingThroughRunning() {
        assertThat(LifecycleState.REQUESTING.healthy()).isTrue();
        assertThat(LifecycleState.RUNNING.healthy()).isTrue();
        assertThat(LifecycleState.RUNNING_FAILED.healthy()).isFalse();
        assertThat(LifecycleState.TERMINATING.healthy()).isFalse();
        assertThat(LifecycleState.TERMINATED.terminal()).isTrue();
        assertThat(LifecycleState.TERMINATING.terminal()).isFalse();
    }
}
