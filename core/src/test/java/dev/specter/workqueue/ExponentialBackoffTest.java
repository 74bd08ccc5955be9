package dev.specter.workqueue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExponentialBackoffTest {
    @Test
    void fiftyMillisecondsDoublingToThirtySeconds() {
        ExponentialBackoff<String> b = new ExponentialBackoff<>();
        assertThat(IntStream.range(0, 12).mapToObj(i -> b.next("a").toMillis()).toList())
                .containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L);
        assertThat(b.failures("a")).isEqualTo(12);
        assertThat(b.delay(Integer.MAX_VALUE)).as("no overflow however long it fails").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void forgettingStartsOverAndItemsAreCountedApart() {
        ExponentialBackoff<String> b = new ExponentialBackoff<>();
        b.next("a");
        b.next("a");
        assertThat(b.next("b")).isEqualTo(Duration.ofMillis(50));
        b.forget("a");
        assertThat(b.failures("a")).isZero();
        assertThat(b.next("a")).isEqualTo(Duration.ofMillis(50));
        assertThat(b.failures("b")).isEqualTo(1);
    }

    @Test
    void nonsenseBoundsAreRefusedByName() {
        assertThatThrownBy(() -> new ExponentialBackoff<>(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("base");
        assertThatThrownBy(() -> new ExponentialBackoff<>(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("max");
    }
}
