package dev.specter.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when a test moves it. */
public final class ManualClock implements InstantSource {
    private volatile Instant now;

    public ManualClock(Instant start) {
        this.now = start;
    }

    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public Instant instant() {
        return now;
    }

    public ManualClock advance(Duration d) {
        now = now.plus(d);
        return this;
    }

    public ManualClock advanceSeconds(long s) {
        return advance(Duration.ofSeconds(s));
    }
}
