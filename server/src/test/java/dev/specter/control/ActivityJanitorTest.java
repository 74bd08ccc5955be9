package dev.specter.control;

import dev.specter.activity.Activity;
import dev.specter.config.ConfigLoader;
import dev.specter.config.RetentionConfig;
import dev.specter.domain.Domain;
import dev.specter.domain.MetricSettings;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.server.SpecterServer;
import dev.specter.store.ActivityStore;
import dev.specter.store.Store;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;
import dev.specter.store.sql.TestDatabases;
import dev.specter.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** retention.activities as configured, applied by the janitor to a real (SQLite) store on a clock the test moves. */
class ActivityJanitorTest {
    static final int BATCH = 3;
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    Database db;
    Store store;
    long owner;
    /** Every delete statement's count and every domain held to the cap, as the janitor called them. */
    final List<Integer> deletes = new CopyOnWriteArrayList<>();
    final List<String> capped = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        db = TestDatabases.sqlite();
        store = new SqlStore(db);
        owner = store.users().create("alice", "hash", clock.instant()).id();
        for (String d : List.of("d1", "d2", "d3")) {
            store.domains().insert(new Domain(d, owner, "n" + d, "lc", new MultiCloudPolicy(0), List.of(), List.of(),
                    MetricSettings.DEFAULT, 1, clock.instant(), clock.instant(), null));
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    RetentionConfig.Activities configured(String yaml) throws IOException {
        Path f = Files.writeString(dir.resolve("specter.yaml"), yaml);
        return ConfigLoader.load(f, Map.of(), SpecterServer.DRIVER_KINDS).retention().activities();
    }

    ActivityJanitor janitor(RetentionConfig.Activities retention, Duration minPause) {
        return new ActivityJanitor(new Recording(store.activities()), clock, retention, BATCH, minPause);
    }

    Activity append(String domainId, Instant at, String cause) {
        return store.activities().append(Activity.of(domainId, owner, at, "launch", cause, "", "ok", "hotel", 1));
    }

    List<String> causes(String domainId) {
        return store.activities().list(domainId, 0, 1000).stream().map(Activity::cause).toList();
    }

    @Test
    void activitiesGoOnceOlderThanTheConfiguredAge() throws IOException {
        ActivityJanitor janitor = janitor(configured("retention:\n  activities:\n    max_age: 30d\n"), Duration.ZERO);
        for (int i = 0; i < 4; i++) {
            append("d1", clock.instant().plusSeconds(i), "d1 #" + i);
        }
        append("d2", clock.instant().plusSeconds(2), "d2 #2");
        append("d3", clock.instant().plus(Duration.ofDays(1)), "d3 a day later");

        assertThat(janitor.run()).isEqualTo(new ActivityJanitor.Result(0, 0));
        clock.advance(Duration.ofDays(30).plusSeconds(2));
        assertThat(janitor.run()).as("30 days old exactly is not older than 30 days").isEqualTo(new ActivityJanitor.Result(2, 0));
        assertThat(causes("d1")).containsExactly("d1 #3", "d1 #2");
        clock.advance(Duration.ofSeconds(2));
        assertThat(janitor.run()).isEqualTo(new ActivityJanitor.Result(3, 0));
        assertThat(causes("d1")).isEmpty();
        assertThat(causes("d2")).isEmpty();
        assertThat(causes("d3")).containsExactly("d3 a day later");
        assertThat(deletes).allSatisfy(n -> assertThat(n).isBetween(0, BATCH));
    }

    @Test
    void eachDomainKeepsItsNewestAndALargePurgeFinishesInOneRunABatchAtATime() throws IOException {
        ActivityJanitor janitor = janitor(configured("retention:\n  activities:\n    max_per_domain: 4\n"),
                Duration.ZERO);
        for (int i = 0; i < 11; i++) {
            append("d1", clock.instant(), "d1 #" + i);
            if (i % 4 == 0) {
                append("d2", clock.instant(), "d2 #" + i);
            }
        }
        List<Activity> d2 = store.activities().list("d2", 0, 100);

        assertThat(janitor.run()).isEqualTo(new ActivityJanitor.Result(0, 7));
        assertThat(causes("d1")).containsExactly("d1 #10", "d1 #9", "d1 #8", "d1 #7");
        assertThat(store.activities().list("d2", 0, 100)).as("a domain within its cap is untouched").isEqualTo(d2);
        assertThat(deletes).as("7 rows in statements of at most 3").containsSubsequence(3, 3, 1)
                .allSatisfy(n -> assertThat(n).isBetween(0, BATCH));
        assertThat(janitor.run().total()).isZero();
    }

    @Test
    void onlyDomainsThatReceivedActivitiesSinceTheLastRunAreHeldToTheCapAgain() throws IOException {
        ActivityJanitor janitor = janitor(configured("retention:\n  activities:\n    max_per_domain: 2\n"),
                Duration.ZERO);
        for (String d : List.of("d1", "d2", "d3")) {
            for (int i = 0; i < 3; i++) {
                append(d, clock.instant(), d + " #" + i);
            }
        }
        assertThat(janitor.run().byCap()).isEqualTo(3);
        assertThat(capped).as("the first run looks at every domain").containsExactlyInAnyOrder("d1", "d2", "d3");

        capped.clear();
        append("d2", clock.instant(), "d2 #3");
        assertThat(janitor.run().byCap()).isEqualTo(1);
        assertThat(capped).containsExactly("d2");
        assertThat(causes("d2")).containsExactly("d2 #3", "d2 #2");

        capped.clear();
        assertThat(janitor.run().total()).isZero();
        assertThat(capped).isEmpty();
    }

    @Test
    void anInterruptedRunStopsBetweenStatementsAndTheNextOneFinishes() throws IOException {
        ActivityJanitor janitor = janitor(configured("retention:\n  activities:\n    max_per_domain: 1\n"),
                Duration.ofMillis(1));
        for (int i = 0; i < 8; i++) {
            append("d1", clock.instant(), "d1 #" + i);
        }
        Thread.currentThread().interrupt();
        try {
            assertThat(janitor.run()).as("one statement, then the pause sees the interrupt")
                    .isEqualTo(new ActivityJanitor.Result(0, BATCH));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(janitor.run()).isEqualTo(new ActivityJanitor.Result(0, 7 - BATCH));
        assertThat(causes("d1")).containsExactly("d1 #7");
    }

    @Test
    void theLogShowsTheAgeAsConfigured() {
        assertThat(ActivityJanitor.asConfigured(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(ActivityJanitor.asConfigured(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(ActivityJanitor.asConfigured(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ActivityJanitor.asConfigured(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    /** The store, noting each delete statement's count and each domain whose cap is looked up. */
    final class Recording implements ActivityStore {
        private final ActivityStore inner;

        Recording(ActivityStore inner) {
            this.inner = inner;
        }

        @Override
        public Activity append(Activity activity) {
            return inner.append(activity);
        }

        @Override
        public List<Activity> list(String domainId, long beforeId, int limit) {
            return inner.list(domainId, beforeId, limit);
        }

        @Override
        public int purgeBefore(Instant before, int limit) {
            return noted(inner.purgeBefore(before, limit));
        }

        @Override
        public long oldestKept(String domainId, int keep) {
            capped.add(domainId);
            return inner.oldestKept(domainId, keep);
        }

        @Override
        public int purgeDomainBefore(String domainId, long beforeId, int limit) {
            return noted(inner.purgeDomainBefore(domainId, beforeId, limit));
        }

        @Override
        public long newestId() {
            return inner.newestId();
        }

        @Override
        public Set<String> domainsAppendedAfter(long afterId) {
            return inner.domainsAppendedAfter(afterId);
        }

        private int noted(int n) {
            deletes.add(n);
            return n;
        }
    }
}
