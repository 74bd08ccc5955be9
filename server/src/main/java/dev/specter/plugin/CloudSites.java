package dev.specter.plugin;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudDriver;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.GatewaySettings;
import dev.specter.cloud.ec2.Ec2Driver;
import dev.specter.cloud.ec2.Ec2Settings;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.config.ConfigBinder;
import dev.specter.reconcile.Gateways;
import dev.specter.settings.ConfigException;
import dev.specter.site.SiteDefinition;
import dev.specter.user.CloudKeyring;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The driver and gateway of every configured site, built from the configuration. */
public final class CloudSites implements Gateways, CloudKeyring, AutoCloseable {
    /** Driver kinds this build can run. */
    public static final Set<String> DRIVER_KINDS = Set.of("sim", "ec2");

    private final Map<String, CloudDriver> drivers = new LinkedHashMap<>();
    private final Map<String, CloudGateway> gateways = new LinkedHashMap<>();

    /** @throws ConfigException naming the key of a bad site setting, before any driver is built */
    public CloudSites(Iterable<SiteDefinition> sites, Path dataDir, InstantSource clock) {
        List<Site> checked = new ArrayList<>();
        sites.forEach(site -> checked.add(Site.of(site, dataDir, clock)));
        for (Site site : checked) {
            CloudDriver driver = site.driver().get();
            drivers.put(site.name(), driver);
            gateways.put(site.name(), new CloudGateway(site.name(), driver, site.gateway()));
        }
    }

    /** A site whose settings are bound and checked, its driver not built yet. */
    private record Site(String name, GatewaySettings gateway, Supplier<CloudDriver> driver) {
        static Site of(SiteDefinition site, Path dataDir, InstantSource clock) {
            String key = "sites." + site.name() + ".settings";
            Map<String, String> shared = new HashMap<>();
            Map<String, String> own = new HashMap<>();
            site.settings().forEach((k, v) -> (GatewaySettings.KEYS.contains(k) ? shared : own).put(k, v));
            GatewaySettings gateway = ConfigBinder.bind(key, shared, SiteApiSettings.DEFAULT).gateway();
            return new Site(site.name(), gateway, switch (site.driver()) {
                case "sim" -> {
                    SimSettings s = ConfigBinder.bind(key, own, SimSettings.DEFAULT);
                    yield () -> new SimCloud(site.name(), s, dataDir.resolve("sim"), clock);
                }
                case "ec2" -> {
                    Ec2Settings s = ConfigBinder.bind(key, own, Ec2Settings.class);
                    yield () -> new Ec2Driver(site.name(), s, gateway.callTimeout());
                }
                default -> throw new ConfigException("sites." + site.name() + ".driver", "must be one of "
                        + DRIVER_KINDS.stream().sorted().toList() + ", got '" + site.driver() + "'");
            });
        }
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
