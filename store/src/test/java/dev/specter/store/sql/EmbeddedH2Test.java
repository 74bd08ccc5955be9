package dev.specter.store.sql;

import dev.specter.activity.Activity;
import dev.specter.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedH2Test {
    static final Instant T = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path data;

    static Activity activity(long owner, int n) {
        return Activity.of("d1", owner, T.plusSeconds(n), "scale", "cause " + n, "decided " + n, "ok", null, 1);
    }

    @Test
    void afterAnUncleanEndTheFileIsRebuiltWithEveryCommittedRowAndKeepsCounting() throws Exception {
        EmbeddedH2 h2 = new EmbeddedH2(data);
        h2.claim(); // never closed: the server "died"
        long owner;
        List<Long> ids;
        try (Database db = Database.open(h2.url(), null, null, 2)) {
            Store store = new SqlStore(db.jdbi());
            owner = store.users().create("alice", "hash", T).id();
            store.domains().insert(StoreContractTest.domain("d1", owner, "web", 3));
            ids = List.of(store.activities().append(activity(owner, 1)).id(),
                    store.activities().append(activity(owner, 2)).id());
        }
        assertThat(h2.closedUncleanly()).isTrue();

        AutoCloseable claim = new EmbeddedH2(data).claim();
        assertThat(data.resolve("specter.mv.db.unclean")).as("the file as it was is kept").exists();
        assertThat(data.resolve("specter-rebuild.sql")).doesNotExist();
        try (Database db = Database.open(h2.url(), null, null, 2)) {
            Store store = new SqlStore(db.jdbi());
            assertThat(store.users().byUsername("alice")).hasValueSatisfying(u -> assertThat(u.id()).isEqualTo(owner));
            assertThat(store.domains().byIdAnyState("d1")).isPresent();
            assertThat(store.activities().list("d1", Long.MAX_VALUE, 10)).extracting(Activity::id)
                    .containsExactlyInAnyOrderElementsOf(ids);
            long next = store.activities().append(activity(owner, 3)).id();
            assertThat(next).as("identities go on where they were").isGreaterThan(ids.getLast());
            assertThat(store.users().create("bob", "hash", T).id()).isGreaterThan(owner);
        }
        claim.close();
        assertThat(h2.closedUncleanly()).isFalse();
    }

    @Test
    void aCleanEndLeavesTheFileAlone() throws Exception {
        EmbeddedH2 h2 = new EmbeddedH2(data);
        AutoCloseable claim = h2.claim();
        try (Database db = Database.open(h2.url(), null, null, 2)) {
            new SqlStore(db.jdbi()).users().create("alice", "hash", T);
        }
        claim.close();
        long size = Files.size(data.resolve("specter.mv.db"));

        new EmbeddedH2(data).claim();
        assertThat(data.resolve("specter.mv.db.unclean")).doesNotExist();
        assertThat(Files.size(data.resolve("specter.mv.db"))).isEqualTo(size);
    }

    @Test
    void aMarkerWithoutADatabaseFileIsNotAnError() throws Exception {
        Files.writeString(data.resolve("specter.open"), "left over\n");
        AutoCloseable claim = new EmbeddedH2(data).claim();
        assertThat(data.resolve("specter.mv.db")).doesNotExist();
        claim.close();
    }
}
