package dev.specter.plugin;

import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimMetricSource;
import dev.specter.config.SpecterConfig;
import dev.specter.metric.MetricSource;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.MetricSourceSet;
import dev.specter.metric.push.PushedMetricSource;
import dev.specter.settings.ConfigException;
import dev.specter.site.SiteDefinition;
import dev.specter.store.Store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metric sources of this server, from the configuration: push, sim, and the named ones. */
public final class MetricSourceBuilder {
    private MetricSourceBuilder() {
    }

    /** @throws ConfigException naming the key when a source or a site's default is wrong */
    public static MetricSourceSet build(SpecterConfig config, CloudSites clouds, Store store) {
        Map<String, MetricSource> byName = new LinkedHashMap<>();
        byName.put(MetricSourceCatalog.PUSH, new PushedMetricSource(store.metricSamples()));
        Map<String, SimCloud> sims = new HashMap<>();
        for (SiteDefinition site : config.sites()) {
            if (clouds.driver(site.name()) instanceof SimCloud sim) {
                sims.put(site.name(), sim);
            }
        }
        if (!sims.isEmpty()) {
            byName.put(SimMetricSource.NAME, new SimMetricSource(sims));
        }
        config.metrics().sources().forEach((name, settings) -> byName.put(name,
                MetricSourceKinds.create(name, settings)));
        Map<String, MetricSource> bySite = new HashMap<>();
        for (SiteDefinition site : config.sites()) {
            if (site.metricSource() != null) {
                MetricSource source = byName.get(site.metricSource());
                if (source == null) {
                    throw new ConfigException("sites." + site.name() + ".metrics", "names no metric source: '"
                            + site.metricSource() + "' (known: " + String.join(", ", byName.keySet()) + ")");
                }
                bySite.put(site.name(), source);
            }
        }
        return new MetricSourceSet(byName, bySite);
    }
}
