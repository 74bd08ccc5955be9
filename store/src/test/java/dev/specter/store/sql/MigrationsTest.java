package dev.specter.store.sql;

import dev.specter.engine.ScalingState;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    /** The checksums of shipped migrations; a change here means an edited migration: add a new one instead. */
    static final Map<String, Integer> SHIPPED = Map.of("1", 869_632_739, "2", -1_767_826_114);

    static Flyway flyway(String url, String target) {
        return Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target(target)
                .load();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aDatabaseOfTheReleaseWithV2UpgradesKeepingItsScalingState(String store) throws Exception {
        String url = store.equals("h2") ? TestDatabases.h2Url() : TestDatabases.newPostgresSchema();
        try {
            flyway(url, "2").migrate();
            Map<String, Integer> applied = Arrays.stream(flyway(url, "2").info().applied())
                    .collect(Collectors.toMap(m -> m.getVersion().getVersion(), MigrationInfo::getChecksum));
            assertThat(applied).isEqualTo(SHIPPED);
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("insert into users (username, password_hash, created_at) values ('alice', 'x', 0)");
                s.execute("insert into domains (id, owner, name, live_name, lc_name, de_name, version, created_at, "
                        + "updated_at) select 'd1', id, 'web', 'web', 'lc', 'sensor', 1, 0, 0 from users");
                s.execute("insert into domain_scaling (domain_id, engine, desired, last_scaled_at, last_evaluated_at) "
                        + "values ('d1', 'sensor', 3, 1000, 2000)");
            }
            try (Database db = Database.open(url, null, null, 2)) {
                assertThat(new SqlStore(db.jdbi()).scaling().forDomain("d1"))
                        .isEqualTo(new ScalingState("sensor", 3, Instant.ofEpochMilli(1000)));
            }
        } finally {
            if (!store.equals("h2")) {
                TestDatabases.dropPostgresSchema(url);
            }
        }
    }
}
