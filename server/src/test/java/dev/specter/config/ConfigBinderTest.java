package dev.specter.config;

import dev.specter.cloud.ec2.Ec2Settings;
import dev.specter.cloud.sim.SimLoad;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.metric.prometheus.PrometheusSettings;
import dev.specter.server.SpecterServer;
import dev.specter.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigBinderTest {
    private static final String HOTEL = "sites.hotel.settings";
    @TempDir
    Path dir;

    private SpecterConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("specter.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, env, SpecterServer.DRIVER_KINDS);
    }

    @Test
    void settingsAreReadFromTheSiteConfigurationOverTheDefaults() {
        SimSettings s = ConfigBinder.bind(HOTEL, Map.of("boot_time", "500ms", "capacity", "10",
                "boot_failure_rate", "0.25"), SimSettings.DEFAULT);
        SimSettings d = SimSettings.DEFAULT;
        assertThat(s).as("a key left out keeps the default's value").isEqualTo(new SimSettings(Duration.ofMillis(500),
                d.bootJitter(), 10, d.launchFailureRate(), d.launchLostReplyRate(), 0.25, d.apiLatency(),
                d.maxCallsPerSecond(), d.terminatedVisibility(), d.seed()));
        assertThat(ConfigBinder.bind(HOTEL, Map.of(), SimSettings.DEFAULT)).isEqualTo(SimSettings.DEFAULT);
        assertThatThrownBy(() -> ConfigBinder.bind(HOTEL, Map.of("capacity", "lots"), SimSettings.DEFAULT))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'sites.hotel.settings.capacity'");
        assertThatThrownBy(() -> ConfigBinder.bind(HOTEL, Map.of("bootime", "1s"), SimSettings.DEFAULT))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'sites.hotel.settings.bootime'");
    }

    @Test
    void aListMayBeWrittenAsOneCommaSeparatedString() throws IOException {
        assertThat(ConfigBinder.bind("sites.aws.settings", Map.of("region", "us-east-1",
                "security_group_ids", "sg-1, sg-2"), Ec2Settings.class).securityGroupIds()).containsExactly("sg-1", "sg-2");
        assertThat(load("sites:\n  hotel:\n    driver: sim\n    instance_types: m1.small, m1.large\n", Map.of())
                .sites().getFirst().instanceTypes()).containsExactly("m1.small", "m1.large");
        assertThat(load("sites:\n  hotel:\n    driver: sim\n    instance_types: [m1.small, m1.large]\n",
                Map.of("SPECTER_SITES_HOTEL_INSTANCE_TYPES", "t3.micro,t3.large")).sites().getFirst().instanceTypes())
                .as("an environment variable can only be a string").containsExactly("t3.micro", "t3.large");
    }

    /** A section whose entries are all commented out is no mistake. */
    @Test
    void aKeyWithNoValueCountsAsLeftOut() throws IOException {
        SpecterConfig c = load("""
                control:
                  boot_timeout:
                metrics:
                  sources:
                    # prom: {kind: prometheus, url: "http://127.0.0.1:9090"}
                sites:
                  hotel:
                    driver: sim
                    settings:
                      # boot_time: 2s
                """, Map.of());
        assertThat(c.control().bootTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.metrics().sources()).isEmpty();
        assertThat(c.sites().getFirst().settings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"250ms, 250", "30s, 30000", "5m, 300000", "1h, 3600000", "2d, 172800000", "300, 300000",
            "1.5m, 90000"})
    void eachDurationFormMeansTheSameInTheServerConfigTheSimulatorAndItsLoadLines(String form, long millis)
            throws IOException {
        Duration expected = Duration.ofMillis(millis);
        assertThat(load("control:\n  boot_timeout: " + form + "\n", Map.of()).control().bootTimeout())
                .as("server config").isEqualTo(expected);
        assertThat(load("", Map.of("SPECTER_CONTROL_BOOT_TIMEOUT", form)).control().bootTimeout())
                .as("environment").isEqualTo(expected);
        assertThat(ConfigBinder.bind(HOTEL, Map.of("boot_time", form), SimSettings.DEFAULT).bootTime())
                .as("sim settings").isEqualTo(expected);
        assertThat(((SimLoad.Ramp) SimLoad.parse("ramp 0 1 " + form).shape()).over())
                .as("sim load").isEqualTo(expected);
        assertThat(ConfigBinder.bind("metrics.sources.prom", Map.of("url", "http://127.0.0.1:9090", "timeout", form),
                PrometheusSettings.class).timeout()).as("metric source settings").isEqualTo(expected);
    }
}
