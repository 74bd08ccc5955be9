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
import org.jdbi.v3.core.Handle;

import java.util.function.Function;

/** The {@link Store} on Jdbi: SQLite or PostgreSQL, one SQL but for what {@link Dialect} says. */
public final class SqlStore implements Store {
    private final Database database;
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
    /** The open transaction this store works in, or null for a fresh connection per call. */
    private final Handle transaction;

    public SqlStore(Database database) {
        this(database, null, new HandleScope() {
            @Override
            public <T> T read(Function<Handle, T> work) {
                return database.reads().withHandle(work::apply);
            }

            @Override
            public <T> T write(Function<Handle, T> work) {
                return database.writes().withHandle(work::apply);
            }
        });
    }

    /** A store working in the transaction of {@code handle}. */
    private SqlStore(Database database, Handle handle) {
        this(database, handle, new HandleScope() {
            @Override
            public <R> R read(Function<Handle, R> w) {
                return w.apply(handle);
            }

            @Override
            public <R> R write(Function<Handle, R> w) {
                return w.apply(handle);
            }
        });
    }

    private SqlStore(Database database, Handle transaction, HandleScope scope) {
        this.database = database;
        this.transaction = transaction;
        this.users = new SqlUserStore(scope);
        this.credentials = new SqlCredentialStore(scope);
        this.launchConfigurations = new SqlLaunchConfigurationStore(scope, database.dialect());
        this.domains = new SqlDomainStore(scope, database.dialect());
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
        return scope.write(h -> {
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
        if (transaction != null) {
            // nested: joins the open transaction; a second one would wait for SQLite's only writer
            // connection, which the first holds
            return work.apply(this);
        }
        return database.writes().inTransaction(handle -> work.apply(new SqlStore(database, handle)));
    }
}
