package dev.specter.server;

import dev.specter.activity.DomainEvent;
import dev.specter.api.Authenticator;
import dev.specter.api.HttpApi;
import dev.specter.api.LoginGuard;
import dev.specter.api.phantom.DomainEventStream;
import dev.specter.api.phantom.PhantomApi;
import dev.specter.config.MasterKeys;
import dev.specter.config.SpecterConfig;
import dev.specter.control.ActivityJanitor;
import dev.specter.control.ControlLoop;
import dev.specter.domain.DomainChangeListener;
import dev.specter.domain.DomainRules;
import dev.specter.domain.manage.DomainService;
import dev.specter.domain.manage.InstanceService;
import dev.specter.launch.LaunchConfigurationRules;
import dev.specter.launch.manage.LaunchConfigurationService;
import dev.specter.metric.SensorBoard;
import dev.specter.metric.MetricSourceSet;
import dev.specter.metric.observe.DomainMetrics;
import dev.specter.metric.push.MetricIntake;
import dev.specter.plugin.CloudSites;
import dev.specter.plugin.MetricSourceBuilder;
import dev.specter.secret.SecretBox;
import dev.specter.site.SiteCatalog;
import dev.specter.store.Store;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;
import dev.specter.user.manage.Accounts;
import dev.specter.user.manage.CredentialService;
import dev.specter.user.manage.SiteAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One running Specter: database, clouds, control loop and HTTP API, wired from a configuration. */
public final class SpecterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpecterServer.class);
    /** Driver kinds this build can run; a site naming another kind is a configuration error. */
    public static final Set<String> DRIVER_KINDS = CloudSites.DRIVER_KINDS;

    private final SpecterConfig config;
    private final List<AutoCloseable> parts;
    private final Store store;
    private final Accounts accounts;
    private final CloudSites clouds;
    private final ControlLoop control;
    private final HttpApi http;
    private final DomainMetrics metrics;

    private SpecterServer(SpecterConfig config, List<AutoCloseable> parts, Store store, Accounts accounts,
                          CloudSites clouds, ControlLoop control, HttpApi http, DomainMetrics metrics) {
        this.config = config;
        this.parts = parts;
        this.store = store;
        this.accounts = accounts;
        this.clouds = clouds;
        this.control = control;
        this.http = http;
        this.metrics = metrics;
    }

    public static SpecterServer start(SpecterConfig config) {
        InstantSource clock = InstantSource.system();
        List<AutoCloseable> parts = new ArrayList<>(); // closed in reverse order
        try {
            Database database = Databases.open(config);
            parts.add(database);
            Store store = new SqlStore(database);
            SiteCatalog sites = new SiteCatalog(config.sites());
            Accounts accounts = new Accounts(store.users(), clock);
            CloudSites clouds = new CloudSites(config.sites(), config.dataDir(), clock);
            parts.add(clouds);
            SecretBox box = new SecretBox(MasterKeys.resolve(config));
            CredentialService credentials = new CredentialService(store.credentials(), sites, box, config.limits(),
                    clock, clouds);
            MetricSourceSet metricSources = MetricSourceBuilder.build(config, clouds, store);
            parts.add(metricSources);
            SensorBoard board = new SensorBoard();
            DomainMetrics domainMetrics = new DomainMetrics(metricSources, board);
            DomainEventStream events = new DomainEventStream(config.apiPrefix(), store.domains(), board);
            ControlLoop control = new ControlLoop(store, sites, clouds,
                    new SiteAccounts(store.credentials(), sites, box), config.control(), clock, events,
                    Math.max(4, config.database().poolSize() - 4), domainMetrics, config.metrics().retention(),
                    new ActivityJanitor(store.activities(), clock, config.retention().activities()));
            parts.add(control);
            DomainChangeListener signals = id -> {
                control.signal(id);
                events.on(new DomainEvent.DefinitionChanged(id));
            };
            LaunchConfigurationService lcs = new LaunchConfigurationService(store,
                    new LaunchConfigurationRules(sites, config.limits()), config.limits(), clock, signals);
            DomainService domains = new DomainService(store, new DomainRules(config.limits()), config.limits(), clock,
                    signals);
            InstanceService instances = new InstanceService(store, domains, signals);
            LoginGuard guard = new LoginGuard(config.security(), clock);
            MetricIntake intake = new MetricIntake(store, clock, config.metrics().retention());
            PhantomApi phantom = new PhantomApi(config.apiPrefix(), accounts, guard, sites, credentials, lcs, domains,
                    instances, events, store, metricSources, intake, clock, config.control().instanceRetention());
            control.start();
            HttpApi http = new HttpApi(config.httpHost(), config.httpPort(), phantom, new Authenticator(accounts, guard)).start();
            parts.add(http::stop);
            parts.add(events); // closed first: open event streams end before the HTTP server stops
            LOG.info("Specter listening on http://{}:{}{} (installation {})", config.httpHost(), http.port(),
                    config.apiPrefix(), control.installation());
            return new SpecterServer(config, parts, store, accounts, clouds, control, http, domainMetrics);
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public SpecterConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public Accounts accounts() {
        return accounts;
    }

    public CloudSites clouds() {
        return clouds;
    }

    public ControlLoop control() {
        return control;
    }

    public DomainMetrics metrics() {
        return metrics;
    }

    /** Stops taking requests, lets running reconcile passes finish, then closes clouds and database. */
    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.error("shutting down {} failed", parts.get(i), e);
            }
        }
    }
}
