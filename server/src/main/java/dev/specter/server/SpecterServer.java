package dev.specter.server;

import dev.specter.api.Authenticator;
import dev.specter.api.HttpApi;
import dev.specter.api.phantom.PhantomApi;
import dev.specter.config.MasterKeys;
import dev.specter.config.SpecterConfig;
import dev.specter.domain.DomainChangeListener;
import dev.specter.domain.DomainRules;
import dev.specter.domain.DomainService;
import dev.specter.launch.LaunchConfigurationRules;
import dev.specter.launch.LaunchConfigurationService;
import dev.specter.secret.SecretBox;
import dev.specter.site.SiteCatalog;
import dev.specter.store.Store;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;
import dev.specter.user.Accounts;
import dev.specter.user.CredentialService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.List;

/** One running Specter: database, services and HTTP API, wired from a configuration. */
public final class SpecterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpecterServer.class);
    /** Driver kinds this build can run; a site naming another kind is a configuration error. */
    public static final java.util.Set<String> DRIVER_KINDS = java.util.Set.of("sim");
    private final Database database;
    private final HttpApi http;
    private final SpecterConfig config;
    private final Store store;
    private final Accounts accounts;

    private SpecterServer(SpecterConfig config, Database database, HttpApi http, Store store, Accounts accounts) {
        this.config = config;
        this.database = database;
        this.http = http;
        this.store = store;
        this.accounts = accounts;
    }

    public static SpecterServer start(SpecterConfig config) {
        InstantSource clock = InstantSource.system();
        Database database = Databases.open(config);
        try {
            Store store = new SqlStore(database.jdbi());
            SiteCatalog sites = new SiteCatalog(config.sites());
            Accounts accounts = new Accounts(store.users(), clock);
            CredentialService credentials = new CredentialService(store.credentials(), sites,
                    new SecretBox(MasterKeys.resolve(config)), config.limits(), clock);
            DomainChangeListener signals = DomainChangeListener.NONE;
            LaunchConfigurationService lcs = new LaunchConfigurationService(store,
                    new LaunchConfigurationRules(sites, config.limits()), config.limits(), clock, signals);
            DomainService domains = new DomainService(store, new DomainRules(config.limits()), config.limits(), clock,
                    signals);
            PhantomApi phantom = new PhantomApi(config.apiPrefix(), accounts, sites, credentials, lcs, domains, store,
                    () -> metrics(sites), clock, config.control().instanceRetention());
            HttpApi http = new HttpApi(config.httpHost(), config.httpPort(), phantom, new Authenticator(accounts)).start();
            LOG.info("Specter listening on http://{}:{}{}", config.httpHost(), http.port(), config.apiPrefix());
            return new SpecterServer(config, database, http, store, accounts);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Metrics the configured sites can provide: the simulator's synthetic per-VM load. */
    private static List<String> metrics(SiteCatalog sites) {
        return sites.all().stream().anyMatch(s -> s.driver().equals("sim"))
                ? List.of("cpu", "proc.loadavg.1min") : List.of();
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

    @Override
    public void close() {
        http.stop();
        database.close();
    }
}
