package dev.specter.control;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudDriver;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.GatewaySettings;
import dev.specter.cloud.ec2.Ec2Driver;
import dev.specter.cloud.ec2.Ec2Settings;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.config.ConfigLoader;
import dev.specter.reconcile.Gateways;
import dev.specter.site.SiteDefinition;
import dev.specter.user.CloudKeyring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The driver and gateway of every configured site, built from the configuration. */
public final class CloudSites implements Gateways, CloudKeyring, AutoCloseable {
    /** Driver kinds this build can run. */
    public static final Set<String> DRIVER_KINDS = Set.of("sim", "ec2");

    private final Map<String, CloudDriver> drivers = new LinkedHashMap<>();
    private final Map<String, CloudGateway> gateways = new LinkedHashMap<>();

    public CloudSites(Iterable<SiteDefinition> sites, Path dataDir, InstantSource clock) {
        for (SiteDefinition site : sites) {
            Map<String, String> driverSettings = new HashMap<>(site.settings());
            GatewaySettings.KEYS.forEach(driverSettings::remove);
            SiteDefinition forDriver = site.withSettings(driverSettings);
            GatewaySettings gateway = gatewaySettings(site);
            CloudDriver driver = switch (site.driver()) {
                case "sim" -> new SimCloud(site.name(), SimSettings.of(forDriver), dataDir.resolve("sim"), clock);
                case "ec2" -> new Ec2Driver(site.name(), Ec2Settings.of(forDriver, gateway.callTimeout()));
                default -> throw new IllegalArgumentException("config key 'sites." + site.name()
                        + ".driver': unknown driver '" + site.driver() + "'");
            };
            drivers.put(site.name(), driver);
            gateways.put(site.name(), new CloudGateway(site.name(), driver, gateway));
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

    @Override
    public void importKey(CloudAccount account, String name, String publicKey) throws CloudException {
        gateways.get(account.site()).importKeyPair(account, name, publicKey);
    }

    @Override
    public List<String> names(CloudAccount account) throws CloudException {
        return gateways.get(account.site()).keyPairs(account);
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
