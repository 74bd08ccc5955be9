package dev.specter.metric;

import dev.specter.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamesCacheTest {
    final ManualClock clock = new ManualClock();
    final MetricNamesCache cache = new MetricNamesCache("prom", clock, Duration.ofSeconds(60), Duration.ofSeconds(10));
    final AtomicInteger fetches = new AtomicInteger();

    MetricNamesCache.Fetch answering(Set<String> names) {
        return () -> {
            fetches.incrementAndGet();
            return names;
        };
    }

    MetricNamesCache.Fetch failing() {
        return () -> {
            fetches.incrementAndGet();
            throw new MetricSourceException("down");
        };
    }

    @Test
    void namesAreKeptForTheTtlThenFetchedAgain() {
        assertThat(cache.get(answering(Set.of("a")))).containsExactly("a");
        clock.advanceSeconds(59);
        assertThat(cache.get(answering(Set.of("b")))).containsExactly("a");
        assertThat(fetches).hasValue(1);
        clock.advanceSeconds(1);
        assertThat(cache.get(answering(Set.of("b")))).containsExactly("b");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedFetchAnswersEmptyWithoutAskingAgainForTheFailureTtl() {
        assertThat(cache.get(failing())).isEmpty();
        clock.advanceSeconds(9);
        assertThat(cache.get(answering(Set.of("a")))).isEmpty();
        assertThat(fetches).hasValue(1);
        clock.advanceSeconds(1);
        assertThat(cache.get(answering(Set.of("a")))).containsExactly("a");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailureAfterSuccessDropsTheOldNames() {
        cache.get(answering(Set.of("a")));
        clock.advanceSeconds(60);
        assertThat(cache.get(failing())).isEmpty();
        assertThat(cache.get(answering(Set.of("a")))).isEmpty();
    }
}
