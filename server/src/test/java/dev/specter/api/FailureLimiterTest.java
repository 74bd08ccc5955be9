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

    @Test
    void pastMaxKeysExpiredKeysArePrunedButAtMostOnceASecond() {
        ManualClock clock = new ManualClock();
        FailureLimiter l = new FailureLimiter(3, Duration.ofMillis(400), clock);
        // the last of these finds more than MAX_KEYS and prunes (nothing has expired yet)
        for (int i = 0; i <= FailureLimiter.MAX_KEYS + 1; i++) {
            l.failed("a" + i);
        }
        assertThat(l.keys()).isEqualTo(FailureLimiter.MAX_KEYS + 2);

        clock.advance(Duration.ofMillis(500)); // every key has left the window, but a prune ran 0.5 s ago
        l.failed("x");
        assertThat(l.keys()).isEqualTo(FailureLimiter.MAX_KEYS + 3);

        clock.advance(Duration.ofMillis(600));
        l.failed("y");
        assertThat(l.keys()).as("only y is left").isEqualTo(1);
        assertThat(l.retryAfter("y")).isEmpty();
    }

    @Test
    void pruningKeepsKeysStillInTheirWindow() {
        ManualClock clock = new ManualClock();
        FailureLimiter l = new FailureLimiter(1, Duration.ofSeconds(10), clock);
        for (int i = 0; i < FailureLimiter.MAX_KEYS / 2; i++) {
            l.failed("old" + i);
        }
        clock.advanceSeconds(6);
        for (int i = 0; i <= FailureLimiter.MAX_KEYS / 2; i++) {
            l.failed("young" + i);
        }
        clock.advanceSeconds(5);
        l.failed("z");
        assertThat(l.keys()).isEqualTo(FailureLimiter.MAX_KEYS / 2 + 2);
        assertThat(l.retryAfter("young7")).contains(Duration.ofSeconds(5));
    }
}
