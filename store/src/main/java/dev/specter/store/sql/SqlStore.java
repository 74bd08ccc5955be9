package dev.specter.store.sql;

import dev.specter.store.ActivityStore;
import dev.specter.store.CredentialStore;
import dev.specter.store.DomainStore;
import dev.specter.store.InstanceStore;
import dev.specter.store.LaunchConfigurationStore;
import dev.specter.store.MetricSampleStore;
import dev.specter.store.ScalingStateStore;
import dev.specter.store.SiteHealthStore;
import dev.specter.store.Store;
import dev.specter.store.UserStore;
import org.jdbi.v3.core.Jdbi;

import java.util.function.Function;

/** The {@link Store} on Jdbi: H2 or PostgreSQL, same SQL. */
public final class SqlStore implements Store {
    private final Jdbi jdbi;
    private final UserStore users;
    private final CredentialStore credentials;
    private final LaunchConfigurationStore launchConfigurations;
    private final DomainStore domains;
    private final InstanceStore instances;
    private final ActivityStore activities;
    private final SiteHealthStore siteHealth;
    private final ScalingStateStore scaling;
    private final MetricSampleStore metricSamples;
    private final HandleScope scope;

    public SqlStore(Jdbi jdbi) {
        this(jdbi, new HandleScope() {
            @Override
            public <T> T with(Function<org.jdbi.v3.core.Handle, T> work) {
                return jdbi.withHandle(work::apply);
            }
        });
    }

    private SqlStore(Jdbi jdbi, HandleScope scope) {
        this.jdbi = jdbi;
        this.users = new SqlUserStore(scope);
        this.credentials = new SqlCredentialStore(scope);
        this.launchConfigurations = new SqlLaunchConfigurationStore(scope);
        this.domains = new SqlDomainStore(scope);
        this.instances = new SqlInstanceStore(scope);
        this.activities = new SqlActivityStore(scope);
        this.siteHealth = new SqlSiteHealthStore(scope);
        this.scaling = new SqlScalingStateStore(scope);
        this.metricSamples = new SqlMetricSampleStore(scope);
        this.scope = scope;
    }

    @Override
    public ScalingStateStore scaling() {
        return scaling;
    }

    @Override
    public MetricSampleStore metricSamples() {
        return metricSamples;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public CredentialStore credentials() {
        return credentials;
    }

    @Override
    public LaunchConfigurationStore launchConfigurations() {
        return launchConfigurations;
    }

    @Override
    public DomainStore domains() {
        return domains;
    }

    @Override
    public InstanceStore instances() {
        return instances;
    }

    @Override
    public ActivityStore activities() {
        return activities;
    }

    @Override
    public SiteHealthStore siteHealth() {
        return siteHealth;
    }

    @Override
    public String installationId() {
        return scope.with(h -> {
            var existing = h.createQuery("select id from installation").mapTo(String.class).findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
            String id = java.util.UUID.randomUUID().toString();
            try {
                h.createUpdate("insert into installation (singleton, id, created_at) values (1, :id, :t)").bind("id", id)
                        .bind("t", System.currentTimeMillis()).execute();
                return id;
            } catch (org.jdbi.v3.core.JdbiException raced) {
                return h.createQuery("select id from installation").mapTo(String.class).one();
            }
        });
    }

    @Override
    public <T> T inTransaction(Function<Store, T> work) {
        return jdbi.inTransaction(handle -> work.apply(new SqlStore(jdbi, new HandleScope() {
            @Override
            public <R> R with(Function<org.jdbi.v3.core.Handle, R> w) {
                return w.apply(handle);
            }
        })));
    }
}
