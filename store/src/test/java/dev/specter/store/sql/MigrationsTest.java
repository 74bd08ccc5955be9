package dev.specter.store.sql;

import dev.specter.domain.Domain;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.domain.TargetPolicy;
import dev.specter.engine.ScalingState;
import dev.specter.metric.Statistic;
import dev.specter.store.Store;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Databases made by an earlier release must open with this one: a migration that has shipped is
 * never edited (Flyway refuses a database whose applied migration's checksum changed), and the
 * upgrade keeps the rows.
 */
class MigrationsTest {
    /** SQLite's own first schema, shipped with the switch from H2 (the identity columns differ). */
    static final int SQLITE_V1 = -441_095_529;
    @TempDir
    Path data;
    /** The checksums of shipped migrations; a change here means an edited migration: add a new one instead. */
    static final Map<String, Map<String, Integer>> SHIPPED = Map.of(
            "postgres", Map.of("1", 869_632_739, "2", -1_767_826_114),
            "sqlite", Map.of("1", SQLITE_V1, "2", -1_767_826_114));

    static Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, null, null).locations(Dialect.of(url).migrations()).target(target)
                .load();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void aDatabaseOfTheReleaseWithV2UpgradesKeepingItsScalingState(String store) throws Exception {
        Path file = data.resolve("specter.db");
        String url = store.equals("sqlite") ? "jdbc:sqlite:" + file : TestDatabases.newPostgresSchema();
        try {
            flyway(url, "2").migrate();
            Map<String, Integer> applied = Arrays.stream(flyway(url, "2").info().applied())
                    .collect(Collectors.toMap(m -> m.getVersion().getVersion(), MigrationInfo::getChecksum));
            assertThat(applied).isEqualTo(SHIPPED.get(store));
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("insert into users (username, password_hash, created_at) values ('alice', 'x', 0)");
                s.execute("insert into domains (id, owner, name, live_name, lc_name, de_name, version, created_at, "
                        + "updated_at) select 'd1', id, 'web', 'web', 'lc', 'sensor', 1, 0, 0 from users");
                s.execute("insert into domain_scaling (domain_id, engine, desired, last_scaled_at, last_evaluated_at) "
                        + "values ('d1', 'sensor', 3, 1000, 2000)");
            }
            try (Database db = store.equals("sqlite") ? Database.sqlite(file, Synchronous.FULL, 2)
                    : Database.postgres(url, null, null, 2)) {
                assertThat(new SqlStore(db).scaling().forDomain("d1"))
                        .isEqualTo(new ScalingState("sensor", 3, Instant.ofEpochMilli(1000)));
            }
        } finally {
            if (!store.equals("sqlite")) {
                TestDatabases.dropPostgresSchema(url);
            }
        }
    }

    /**
     * Up to V4 each parameter of each engine had a column; V5 moves them into policy_params. Every
     * domain of each kind, a deleted one too (its VMs may still be draining), reads back the policy
     * it had, with doubles exact (0.1, and 1.0, which PostgreSQL's JSON prints as 1).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void aDatabaseOfTheReleaseWithV4KeepsEveryDomainsPolicy(String store) throws Exception {
        Path file = data.resolve("specter.db");
        String url = store.equals("sqlite") ? "jdbc:sqlite:" + file : TestDatabases.newPostgresSchema();
        try {
            flyway(url, "4").migrate();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("insert into users (username, password_hash, created_at) values ('alice', 'x', 0)");
                String domain = "insert into domains (id, owner, name, live_name, lc_name, de_name, version, created_at, "
                        + "updated_at, deleted_at, metric_source, metric_statistic, ";
                s.execute(domain + "vm_count) select 'multi', id, 'm', 'm', 'lc', 'multicloud', 1, 0, 0, null, null, "
                        + "'Average', 3 from users");
                s.execute(domain + "sensor_metric, sensor_minimum_vms, sensor_maximum_vms, sensor_scale_up_threshold, "
                        + "sensor_scale_up_vms, sensor_scale_down_threshold, sensor_scale_down_vms, sensor_cooldown) "
                        + "select 'sensor', id, 's', 's', 'lc', 'sensor', 1, 0, 0, null, null, 'Average', 'cpu', 1, 5, "
                        + "1.0, 2, 0.1, 1, 30 from users");
                s.execute(domain + "target_metric, target_value, target_minimum_vms, target_maximum_vms, "
                        + "target_disable_scale_in, target_warmup) select 'target', id, 't', 't', 'lc', 'target', 1, 0, "
                        + "0, null, 'prom', 'Maximum', 'queue', 12.5, 2, 9, true, 45 from users");
                s.execute(domain + "target_metric, target_value, target_minimum_vms, target_maximum_vms, "
                        + "target_disable_scale_in, target_warmup) select 'deleted', id, 'd', null, 'lc', 'target', 2, "
                        + "0, 0, 5, null, 'Average', 'rps', 0.3, 0, 4, false, 0 from users");
            }
            try (Database db = store.equals("sqlite") ? Database.sqlite(file, Synchronous.FULL, 2)
                    : Database.postgres(url, null, null, 2)) {
                Store s = new SqlStore(db);
                assertThat(s.domains().byIdAnyState("multi").orElseThrow().policy()).isEqualTo(new MultiCloudPolicy(3));
                assertThat(s.domains().byIdAnyState("sensor").orElseThrow().policy())
                        .isEqualTo(new SensorPolicy("cpu", 1, 5, 1.0, 2, 0.1, 1, 30));
                Domain target = s.domains().byIdAnyState("target").orElseThrow();
                assertThat(target.policy()).isEqualTo(new TargetPolicy("queue", 12.5, 2, 9, true, 45));
                assertThat(target.metrics().source()).isEqualTo("prom");
                assertThat(target.metrics().statistic()).isEqualTo(Statistic.MAXIMUM);
                Domain deleted = s.domains().byIdAnyState("deleted").orElseThrow();
                assertThat(deleted.deleted()).isTrue();
                assertThat(deleted.policy()).isEqualTo(new TargetPolicy("rps", 0.3, 0, 4, false, 0));
            }
        } finally {
            if (!store.equals("sqlite")) {
                TestDatabases.dropPostgresSchema(url);
            }
        }
    }
}
