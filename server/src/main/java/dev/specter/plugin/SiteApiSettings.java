package dev.specter.plugin;

import dev.specter.cloud.GatewaySettings;
import dev.specter.settings.Require;

import java.time.Duration;

/**
 * The keys of a site's {@code settings} that every driver shares ({@link GatewaySettings#KEYS}): how
 * the site's API is called, whatever the driver.
 *
 * @param apiConcurrency calls in flight at once
 * @param apiRate        calls per second (0: unlimited)
 * @param apiTimeout     a call not answered by then is abandoned
 */
record SiteApiSettings(int apiConcurrency, double apiRate, Duration apiTimeout) {
    static final SiteApiSettings DEFAULT = new SiteApiSettings(GatewaySettings.DEFAULT.maxConcurrentCalls(),
            GatewaySettings.DEFAULT.callsPerSecond(), GatewaySettings.DEFAULT.callTimeout());

    SiteApiSettings {
        Require.between("api_concurrency", apiConcurrency, 1, 10_000);
        Require.between("api_rate", apiRate, 0, 1e6);
        Require.positive("api_timeout", apiTimeout);
    }

    GatewaySettings gateway() {
        return GatewaySettings.DEFAULT.with(apiConcurrency, apiRate, apiTimeout);
    }
}
