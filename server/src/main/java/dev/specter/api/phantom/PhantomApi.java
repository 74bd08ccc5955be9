package dev.specter.api.phantom;

import dev.specter.api.ApiRoutes;
import dev.specter.api.LoginGuard;
import dev.specter.domain.manage.DomainService;
import dev.specter.domain.manage.InstanceService;
import dev.specter.launch.manage.LaunchConfigurationService;
import dev.specter.metric.MetricSourceCatalog;
import dev.specter.metric.push.MetricIntake;
import dev.specter.site.SiteCatalog;
import dev.specter.store.Store;
import dev.specter.user.manage.Accounts;
import dev.specter.user.manage.CredentialService;
import io.javalin.config.RoutesConfig;

import java.time.Duration;
import java.time.InstantSource;

/** The Phantom-compatible REST API under one prefix ({@code /api/dev} by default). */
public final class PhantomApi implements ApiRoutes {
    private final String prefix;
    private final TokenRoutes tokens;
    private final SiteRoutes sites;
    private final CredentialRoutes credentials;
    private final LaunchConfigurationRoutes launchConfigurations;
    private final DomainRoutes domains;
    private final InstanceRoutes instances;
    private final SensorRoutes sensors;
    private final DomainEventStream events;

    public PhantomApi(String prefix, Accounts accounts, LoginGuard guard, SiteCatalog siteCatalog, CredentialService credentialService,
                      LaunchConfigurationService lcService, DomainService domainService,
                      InstanceService instanceService, DomainEventStream events, Store store,
                      MetricSourceCatalog metricSources, MetricIntake intake, InstantSource clock,
                      Duration instanceRetention) {
        this.prefix = prefix;
        PhantomJson json = events.json();
        this.tokens = new TokenRoutes(accounts, guard);
        this.sites = new SiteRoutes(siteCatalog, credentialService, json);
        this.credentials = new CredentialRoutes(credentialService, json);
        this.launchConfigurations = new LaunchConfigurationRoutes(lcService, store.users(), json);
        this.domains = new DomainRoutes(domainService, store.activities(), json);
        this.instances = new InstanceRoutes(store.domains(), store.instances(), instanceService, json, clock,
                instanceRetention);
        this.sensors = new SensorRoutes(metricSources, intake, json);
        this.events = events;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    /** Routes anyone may call; every other route under the prefix needs authentication. */
    @Override
    public boolean isPublic(String matchedPath) {
        return matchedPath.startsWith(prefix + "/token");
    }

    @Override
    public void register(RoutesConfig r) {
        tokens.register(r, prefix);
        sites.register(r, prefix);
        credentials.register(r, prefix);
        launchConfigurations.register(r, prefix);
        domains.register(r, prefix);
        instances.register(r, prefix);
        sensors.register(r, prefix);
        events.register(r, prefix);
    }
}
