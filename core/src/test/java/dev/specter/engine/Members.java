package dev.specter.engine;

import dev.specter.instance.LifecycleState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Members for the engines' tests: RUNNING on hotel, named {@code <prefix>0, <prefix>1, ...}. */
final class Members {
    private Members() {
    }

    /** {@code n} running members, created (and running since) a second apart from {@code firstCreated} on. */
    static List<Member> running(String prefix, int n, Instant firstCreated) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Member(prefix + i, "hotel", LifecycleState.RUNNING, firstCreated.plusSeconds(i),
                    firstCreated.plusSeconds(i)));
        }
        return out;
    }
}
