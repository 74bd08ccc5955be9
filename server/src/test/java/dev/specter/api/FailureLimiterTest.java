package dev.specter.api;

import dev.specter.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLimiterTest {
    @Test
    void aKeyIsRefusedAfterMaxFailuresUntilTheOldestLeavesTheWindow() {
        ManualClock clock = new ManualClock();
        FailureLimiter l = new FailureLimiter(3, Duration.ofSeconds(60), clock);
        l.failed("alice");
        clock.advanceSeconds(10);
        l.failed("alice");
        l.failed("alice");
        assertThat(l.retryAfter("alice")).contains(Duration.ofSeconds(50));
        assertThat(l.retryAfter("bob")).isEmpty();
        clock.advanceSeconds(50);
        assertThat(l.retryAfter("alice")).isEmpty();
        l.failed("alice");
        assertThat(l.retryAfter("alice")).contains(Duration.ofSeconds(10));
        l.succeeded("alice");
        assertThat(l.retryAfter("alice")).isEmpty();
    }
}
