package dev.specter.control;

import dev.specter.cloud.CloudDriver;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.GatewaySettings;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.config.ConfigLoader;
import dev.specter.reconcile.Gateways;
import dev.specter.site.SiteDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The driver and gateway of every configured site, built from the configuration. */
public final class CloudSites implements Gateways, AutoCloseable {
    /** Driver kinds this build can run. */
    public static final Set<String> DRIVER_KINDS = Set.of("sim");

    private final Map<String, CloudDriver> drivers = new LinkedHashMap<>();
    private final Map<String, CloudGateway> gateways = new LinkedHashMap<>();

    public CloudSites(Iterable<SiteDefinition> sites, Path dataDir, InstantSource clock) {
        for (SiteDefinition site : sites) {
            Map<String, String> driverSettings = new HashMap<>(site.settings());
            GatewaySettings.KEYS.forEach(driverSettings::remove);
            SiteDefinition forDriver = site.withSettings(driverSettings);
            CloudDriver driver = switch (site.driver()) {
                case "sim" -> new SimCloud(site.name(), SimSettings.of(forDriver), dataDir.resolve("sim"), clock);
                default -> throw new IllegalArgumentException("config key 'sites." + site.name()
                        + ".driver': unknown driver '" + site.driver() + "'");
            };
            drivers.put(site.name(), driver);
            gateways.put(site.name(), new CloudGateway(site.name(), driver, gatewaySettings(site)));
        }
    }

    private static GatewaySettings gatewaySettings(SiteDefinition site) {
        GatewaySettings d = GatewaySettings.DEFAULT;
        String base = "sites." + site.name() + ".settings.";
        int concurrency = Integer.parseInt(site.setting("api_concurrency", Integer.toString(d.maxConcurrentCalls())));
        double rate = Double.parseDouble(site.setting("api_rate", Double.toString(d.callsPerSecond())));
        Duration timeout = site.settings().containsKey("api_timeout")
                ? ConfigLoader.parseDuration(site.settings().get("api_timeout"), base + "api_timeout") : d.callTimeout();
        return d.with(concurrency, rate, timeout);
    }

    @Override
    public CloudGateway of(String site) {
        return gateways.get(site);
    }

    public Iterable<CloudGateway> all() {
        return gateways.values();
    }

    /** The driver of a site (tests and the simulator's own endpoints reach the sim through this). */
    public CloudDriver driver(String site) {
        return drivers.get(site);
    }

    @Override
    public void close() {
        gateways.values().forEach(CloudGateway::close);
        drivers.values().forEach(d -> {
            if (d instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the driver failed", e);
                }
            }
        });
    }
}
