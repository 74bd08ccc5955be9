package dev.specter.testing.memory;

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

import java.util.UUID;
import java.util.function.Function;

/**
 * A {@link Store} held in maps, for tests that want a store but no database (what controller-runtime's
 * fake client is to Kubernetes controllers). It keeps what the SQL stores keep: instants to the
 * millisecond, text clipped to the columns' sizes, a cloud id too long refused, unique names,
 * optimistic versions, foreign keys and the cascade when a deleted domain is purged.
 *
 * <p>Commit or nothing: a transaction works on its own copy of the tables and, when it returns,
 * that copy becomes the store (copy-on-write); when it throws, the copy is dropped. Transactions run
 * one at a time, as on SQLite, which is also what makes a locked read hold until the transaction
 * ends. A call outside a transaction is a transaction of its own; a transaction begun inside one
 * joins it. Reads outside a transaction see the last commit.
 */
public final class InMemoryStore implements Store {
    private final CommittedTables committed;
    /** The open transaction's copy of the tables; null for the store outside any transaction. */
    private final Tables tx;

    public InMemoryStore() {
        this(new CommittedTables(), null);
    }

    private InMemoryStore(CommittedTables committed, Tables tx) {
        this.committed = committed;
        this.tx = tx;
    }

    <T> T read(Function<Tables, T> query) {
        return query.apply(tx != null ? tx : committed.last());
    }

    <T> T write(Function<Tables, T> change) {
        return tx != null ? change.apply(tx) : committed.commit(change);
    }

    @Override
    public <T> T inTransaction(Function<Store, T> work) {
        return tx != null ? work.apply(this) : committed.commit(t -> work.apply(new InMemoryStore(committed, t)));
    }

    @Override
    public String installationId() {
        String id = read(t -> t.installation);
        return id != null ? id : write(t -> {
            if (t.installation == null) {
                t.installation = UUID.randomUUID().toString();
            }
            return t.installation;
        });
    }

    @Override
    public UserStore users() {
        return new InMemoryUserStore(this);
    }

    @Override
    public CredentialStore credentials() {
        return new InMemoryCredentialStore(this);
    }

    @Override
    public LaunchConfigurationStore launchConfigurations() {
        return new InMemoryLaunchConfigurationStore(this);
    }

    @Override
    public DomainStore domains() {
        return new InMemoryDomainStore(this);
    }

    @Override
    public InstanceStore instances() {
        return new InMemoryInstanceStore(this);
    }

    @Override
    public ActivityStore activities() {
        return new InMemoryActivityStore(this);
    }

    @Override
    public SiteHealthStore siteHealth() {
        return new InMemorySiteHealthStore(this);
    }

    @Override
    public ScalingStateStore scaling() {
        return new InMemoryScalingStateStore(this);
    }

    @Override
    public MetricSampleStore metricSamples() {
        return new InMemoryMetricSampleStore(this);
    }
}
