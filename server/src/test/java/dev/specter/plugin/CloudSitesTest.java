package dev.specter.plugin;

import dev.specter.site.SiteDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sites' drivers and gateways as the configuration describes them. */
class CloudSitesTest {
    @TempDir
    Path dir;

    private CloudSites sites(SiteDefinition... sites) {
        return new CloudSites(List.of(sites), dir, InstantSource.system());
    }

    private static SiteDefinition sim(String name, Map<String, String> settings) {
        return new SiteDefinition(name, "sim", false, List.of("m1.small"), settings);
    }

    /** These were a bare NumberFormatException ("For input string: lots") that named no key. */
    @Test
    void aGatewaySettingThatIsNotANumberNamesItsKey() {
        assertThatThrownBy(() -> sites(sim("hotel", Map.of("api_concurrency", "lots"))))
                .hasMessage("config key 'sites.hotel.settings.api_concurrency' must be an integer, got 'lots'");
        assertThatThrownBy(() -> sites(sim("hotel", Map.of("api_rate", "fast"))))
                .hasMessage("config key 'sites.hotel.settings.api_rate' must be a number, got 'fast'");
    }

    @Test
    void aBadSettingOfAnySiteIsFoundBeforeAnyDriverIsBuilt() {
        assertThatThrownBy(() -> sites(sim("hotel", Map.of()), sim("sierra", Map.of("capacity", "lots"))))
                .hasMessageContaining("'sites.sierra.settings.capacity'");
        assertThat(Files.exists(dir.resolve("sim"))).as("no simulated cloud opened its journal").isFalse();
    }

    /** Each part takes its own keys: the gateway's are no unknown keys to the driver, nor the driver's to it. */
    @Test
    void gatewayKeysAndDriverKeysMixInOneSettingsMap() {
        try (CloudSites s = sites(sim("hotel", Map.of("api_concurrency", "2", "api_rate", "50", "api_timeout", "1.5s",
                "boot_time", "100ms", "capacity", "3")))) {
            assertThat(s.driver("hotel")).isNotNull();
            assertThat(s.of("hotel")).isNotNull();
        }
    }
}
