package dev.specter.store.sql;

import dev.specter.activity.Activity;
import dev.specter.domain.Domain;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.instance.Instance;
import dev.specter.store.Store;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A data directory of the H2 era opens on SQLite with every row, once, and the H2 file kept. */
class H2ImportTest {
    static final Instant T = Instant.parse("2026-11-26T12:00:00Z");
    @TempDir
    Path data;

    /** An H2 file as the released version left it: its migrations (PostgreSQL's, which it shared) up to {@code version}. */
    void releasedH2File(String version) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("specter") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Flyway.configure().dataSource(url, null, null).locations(Dialect.POSTGRESQL.migrations()).target(version)
                .load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("insert into users (username, password_hash, created_at) values ('alice', 'h-a', 1)");
            s.execute("insert into users (username, password_hash, created_at) values ('bob', 'h-b', 2)");
            s.execute("insert into tokens (user_id, token_hash, created_at, expires_at) values (2, '"
                    + "a".repeat(64) + "', 1, " + T.plusSeconds(3600).toEpochMilli() + ")");
            s.execute("insert into launch_configurations (id, owner, name, contextualization_method, published, "
                    + "created_at, updated_at) values ('lc1', 2, 'lc', 'user_data', true, 1, 1)");
            s.execute("insert into launch_configuration_sites values ('lc1', 'hotel', 'img', 'm1.small', 4, true, 1, null)");
            s.execute("insert into domains (id, owner, name, live_name, lc_name, de_name, vm_count, version, "
                    + "created_at, updated_at) values ('d1', 2, 'web', 'web', 'lc', 'multicloud', 3, 7, 1, 1)");
            s.execute("insert into instances (id, domain_id, owner, site, batch_id, state, iaas_id, image_id, "
                    + "instance_type, created_at, state_changed_at, termination_requested) values "
                    + "('d1-0', 'd1', 2, 'hotel', 'b1', 600, 'i-1', 'img', 'm1.small', 1, 1, true)");
            for (int i = 0; i < 2500; i++) {
                s.execute("insert into activities (domain_id, owner, occurred_at, action, cause, description, result, "
                        + "instance_count) values ('d1', 2, " + i + ", 'launch', 'c', 'd', 'ok', 1)");
            }
            s.execute("insert into installation values (1, 'inst-42', 1)");
            s.execute("insert into site_credentials values (2, 'hotel', 'ak', 'ct', 'key', 1)");
        }
    }

    @Test
    void everyRowMovesOnceIdsGoOnAndTheH2FileIsKept() throws Exception {
        releasedH2File("3");
        Path file = data.resolve("specter.db");
        H2Import.ifPresent(data, file, Synchronous.FULL);
        assertThat(data.resolve(H2Import.H2_FILE)).doesNotExist();
        assertThat(data.resolve(H2Import.KEPT)).exists();
        try (Database db = Database.sqlite(file, Synchronous.FULL, 2)) {
            Store store = new SqlStore(db);
            assertThat(store.installationId()).isEqualTo("inst-42");
            assertThat(store.users().byUsername("bob").orElseThrow().id()).isEqualTo(2);
            assertThat(store.users().userForToken("a".repeat(64), T)).isPresent();
            assertThat(store.users().create("carol", "h-c", T).id()).as("ids go on after the imported ones")
                    .isEqualTo(3);
            Domain d = store.domains().byId(2, "d1").orElseThrow();
            assertThat(d.version()).isEqualTo(7);
            assertThat(d.policy()).as("the policy's columns moved into policy_params by V5")
                    .isEqualTo(new MultiCloudPolicy(3));
            assertThat(store.launchConfigurations().byName(2, "lc").orElseThrow().published()).isTrue();
            Instance i = store.instances().byId("d1", "d1-0").orElseThrow();
            assertThat(i.iaasId()).isEqualTo("i-1");
            assertThat(i.terminationRequested()).isTrue();
            assertThat(store.credentials().get(2, "hotel")).isPresent();
            long newest = store.activities().list("d1", 0, 1).getFirst().id();
            assertThat(newest).isEqualTo(2500);
            Activity next = store.activities().append(Activity.of("d1", 2, T, "launch", "c", "d", "ok", null, 1));
            assertThat(next.id()).isEqualTo(2501);
        }
        // a second start finds nothing to import
        H2Import.ifPresent(data, file, Synchronous.FULL);
        try (Database db = Database.sqlite(file, Synchronous.FULL, 2)) {
            assertThat(new SqlStore(db).users().list()).hasSize(3);
        }
    }

    @Test
    void aFileOfAnOlderSchemaImportsIntoTheNewOne() throws Exception {
        releasedH2File("2"); // domain_scaling still has last_evaluated_at
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("specter")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"); Statement s = c.createStatement()) {
            s.execute("insert into domain_scaling values ('d1', 'sensor', 4, 1000, 2000)");
        }
        Path file = data.resolve("specter.db");
        H2Import.ifPresent(data, file, Synchronous.NORMAL);
        try (Database db = Database.sqlite(file, Synchronous.NORMAL, 2)) {
            assertThat(new SqlStore(db).scaling().forDomain("d1").desired()).isEqualTo(4);
        }
    }

    @Test
    void anImportInterruptedBeforeItsEndIsDoneAgainFromTheStart() throws Exception {
        releasedH2File("3");
        Files.writeString(data.resolve("specter.db.importing"), "half a file from a killed import");
        Path file = data.resolve("specter.db");
        H2Import.ifPresent(data, file, Synchronous.FULL);
        try (Database db = Database.sqlite(file, Synchronous.FULL, 2)) {
            assertThat(new SqlStore(db).users().list()).hasSize(2);
        }
        assertThat(data.resolve("specter.db.importing")).doesNotExist();
    }

    @Test
    void aDirectoryWithoutAnH2FileIsLeftAlone() {
        H2Import.ifPresent(data, data.resolve("specter.db"), Synchronous.FULL);
        assertThat(data.resolve("specter.db")).doesNotExist();
    }
}
