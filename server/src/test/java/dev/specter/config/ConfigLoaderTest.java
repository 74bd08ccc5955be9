package dev.specter.config;

import dev.specter.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final Set<String> DRIVERS = Set.of("sim", "ec2");
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        Path f = dir.resolve("specter.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void theEmbeddedDefaultHasFourSimSitesWithoutCredentials() {
        SpecterConfig c = ConfigLoader.load(null, Map.of(), DRIVERS);
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.apiPrefix()).isEqualTo("/api/dev");
        assertThat(c.database().url()).isEmpty();
        assertThat(c.sites()).extracting(s -> s.name()).containsExactly("hotel", "sierra", "alamo", "foxtrot");
        assertThat(c.sites()).allSatisfy(s -> {
            assertThat(s.driver()).isEqualTo("sim");
            assertThat(s.credentialsRequired()).isFalse();
        });
        assertThat(c.control().bootTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void aFileOverridesKeysAndReplacesSites() throws IOException {
        SpecterConfig c = ConfigLoader.load(file("""
                http:
                  port: 9090
                control:
                  boot_timeout: 2m
                sites:
                  ec2-east:
                    driver: ec2
                    instance_types: [t3.micro]
                    settings:
                      region: us-east-1
                      endpoint: http://127.0.0.1:5000
                """), Map.of(), DRIVERS);
        assertThat(c.httpPort()).isEqualTo(9090);
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.control().bootTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.control().resyncInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.sites()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("ec2-east");
            assertThat(s.credentialsRequired()).isTrue();
            assertThat(s.instanceTypes()).containsExactly("t3.micro");
            assertThat(s.settings()).containsEntry("region", "us-east-1");
        });
    }

    @Test
    void environmentVariablesOverrideTheFile() throws IOException {
        SpecterConfig c = ConfigLoader.load(file("http:\n  port: 9090\n"), Map.of(
                "SPECTER_HTTP_PORT", "7070",
                "SPECTER_DATABASE_URL", "jdbc:postgresql://db/specter",
                "SPECTER_CONTROL_BOOT_TIMEOUT", "90s",
                "SPECTER_SITES_HOTEL_CREDENTIALS", "required"), DRIVERS);
        assertThat(c.httpPort()).isEqualTo(7070);
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db/specter");
        assertThat(c.control().bootTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.sites().getFirst().credentialsRequired()).isTrue();
    }

    @Test
    void badFilesAreReportedByKey() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(file("http:\n  prot: 80\n"), Map.of(), DRIVERS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'http.prot'");
        assertThatThrownBy(() -> ConfigLoader.load(file("http:\n  port: eighty\n"), Map.of(), DRIVERS))
                .hasMessageContaining("'http.port'").hasMessageContaining("integer");
        assertThatThrownBy(() -> ConfigLoader.load(file("http:\n  port: 70000\n"), Map.of(), DRIVERS))
                .hasMessageContaining("'http.port'").hasMessageContaining("between");
        assertThatThrownBy(() -> ConfigLoader.load(file("control:\n  boot_timeout: soon\n"), Map.of(), DRIVERS))
                .hasMessageContaining("'control.boot_timeout'");
        assertThatThrownBy(() -> ConfigLoader.load(file("control:\n  boot_timeout: 99999999999999999999s\n"), Map.of(),
                DRIVERS)).isInstanceOf(ConfigException.class).hasMessageContaining("'control.boot_timeout'");
        assertThatThrownBy(() -> ConfigLoader.load(file("control:\n  boot_timeout: 9999999999999999d\n"), Map.of(),
                DRIVERS)).isInstanceOf(ConfigException.class).hasMessageContaining("'control.boot_timeout'");
        assertThatThrownBy(() -> ConfigLoader.load(file("sites:\n  x:\n    driver: openstack\n"), Map.of(), DRIVERS))
                .hasMessageContaining("'sites.x.driver'").hasMessageContaining("openstack");
        assertThatThrownBy(() -> ConfigLoader.load(file("sites:\n  x:\n    drvier: sim\n"), Map.of(), DRIVERS))
                .hasMessageContaining("'sites.x.drvier'");
        assertThatThrownBy(() -> ConfigLoader.load(file("sites:\n  x:\n    driver: sim\n    credentials: maybe\n"),
                Map.of(), DRIVERS)).hasMessageContaining("'sites.x.credentials'");
        assertThatThrownBy(() -> ConfigLoader.load(file("master_key: tooshort\n"), Map.of(), DRIVERS))
                .hasMessageContaining("'master_key'");
        assertThatThrownBy(() -> ConfigLoader.load(file("http: [1, 2\n"), Map.of(), DRIVERS))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ConfigLoader.load(file("- a\n- b\n"), Map.of(), DRIVERS))
                .hasMessageContaining("mapping");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SPECTER_HTTP_PORT", "x"), DRIVERS))
                .hasMessageContaining("'http.port'");
    }

    /** A longer name would pass the API's check and then not fit the name columns (varchar(128)). */
    @Test
    void theNameLimitCannotBeConfiguredAboveTheNameColumns() throws IOException {
        assertThat(ConfigLoader.load(file("limits:\n  max_name_length: 128\n"), Map.of(), DRIVERS).limits()
                .maxNameLength()).isEqualTo(128);
        assertThatThrownBy(() -> ConfigLoader.load(file("limits:\n  max_name_length: 129\n"), Map.of(), DRIVERS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'limits.max_name_length'")
                .hasMessageContaining("between 1 and 128");
    }

    @Test
    void activityRetentionDefaultsToThirtyDaysAndTenThousandPerDomainAndIsSetByFileOrEnvironment() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of(), DRIVERS).retention().activities())
                .isEqualTo(new RetentionConfig.Activities(Duration.ofDays(30), 10_000))
                .isEqualTo(RetentionConfig.Activities.DEFAULT);
        Path f = file("""
                retention:
                  activities:
                    max_age: 7d
                """);
        assertThat(ConfigLoader.load(f, Map.of(), DRIVERS).retention().activities())
                .as("a key left out keeps its default").isEqualTo(new RetentionConfig.Activities(Duration.ofDays(7), 10_000));
        assertThat(ConfigLoader.load(f, Map.of("SPECTER_RETENTION_ACTIVITIES_MAX_PER_DOMAIN", "500",
                "SPECTER_RETENTION_ACTIVITIES_MAX_AGE", "36h"), DRIVERS).retention().activities())
                .isEqualTo(new RetentionConfig.Activities(Duration.ofHours(36), 500));
        // the keys the retention section does not hold yet stay where they were
        assertThat(ConfigLoader.load(file("control:\n  instance_retention: 3h\nmetrics:\n  retention: 20m\n"),
                Map.of(), DRIVERS)).satisfies(c -> {
                    assertThat(c.control().instanceRetention()).isEqualTo(Duration.ofHours(3));
                    assertThat(c.metrics().retention()).isEqualTo(Duration.ofMinutes(20));
                });
    }

    @Test
    void badActivityRetentionIsReportedByKey() {
        Map<String, String> bad = Map.of(
                "max_age: -1d", "'retention.activities.max_age' must be a duration",
                "max_age: soon", "'retention.activities.max_age' must be a duration",
                "max_age: 0d", "'retention.activities.max_age' must be more than 0",
                "max_age: 36501d", "'retention.activities.max_age' must be more than 0 and at most 36500d",
                "max_per_domain: 0", "'retention.activities.max_per_domain' must be between 1 and",
                "max_per_domain: -10", "'retention.activities.max_per_domain' must be between 1 and",
                "max_per_domain: many", "'retention.activities.max_per_domain' must be an integer",
                "max_size: 10", "'retention.activities.max_size' is not a known setting");
        bad.forEach((line, message) -> assertThatThrownBy(() -> ConfigLoader.load(
                file("retention:\n  activities:\n    " + line + "\n"), Map.of(), DRIVERS))
                .as(line).isInstanceOf(ConfigException.class).hasMessageContaining(message));
        assertThatThrownBy(() -> ConfigLoader.load(file("retention:\n  activities: 30d\n"), Map.of(), DRIVERS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retention.activities' must be a mapping");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("SPECTER_RETENTION_ACTIVITIES_MAX_AGE", "0"), DRIVERS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retention.activities.max_age'");
    }

    @Test
    void theMasterKeyIsGeneratedOnceWithOwnerOnlyPermissions() throws IOException {
        SpecterConfig c = ConfigLoader.load(null, Map.of(), DRIVERS).withDataDir(dir.resolve("data"));
        byte[] first = MasterKeys.resolve(c);
        byte[] second = MasterKeys.resolve(c);
        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/master.key"))))
                .isEqualTo("rw-------");
    }
}
