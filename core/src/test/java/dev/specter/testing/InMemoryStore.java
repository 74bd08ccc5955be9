package dev.specter.testing;

import dev.specter.activity.Activity;
import dev.specter.cloud.ObservedVm;
import dev.specter.domain.Domain;
import dev.specter.engine.ScalingState;
import dev.specter.engine.SiteHealth;
import dev.specter.instance.Instance;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.metric.Sample;
import dev.specter.store.ActivityStore;
import dev.specter.store.ConcurrentUpdateException;
import dev.specter.store.CredentialStore;
import dev.specter.store.DomainStore;
import dev.specter.store.DuplicateNameException;
import dev.specter.store.InstanceStore;
import dev.specter.store.LaunchConfigurationStore;
import dev.specter.store.MetricSampleStore;
import dev.specter.store.ScalingStateStore;
import dev.specter.store.SiteHealthStore;
import dev.specter.store.Store;
import dev.specter.store.UserStore;
import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;
import dev.specter.user.User;
import dev.specter.validation.Text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A {@link Store} held in maps, for tests that want a store but no database (what controller-runtime's
 * fake client is to Kubernetes controllers). It keeps what the SQL stores keep: instants to the
 * millisecond, text clipped to the columns' sizes, a cloud id too long refused, unique names,
 * optimistic versions, foreign keys and the cascade when a deleted domain is purged.
 *
 * <p>Commit or nothing: a transaction works on its own copy of the tables and, when it returns,
 * that copy becomes the store (copy-on-write); when it throws, the copy is dropped. Transactions run
 * one at a time, as on SQLite, which is also what makes a locked read hold until the transaction
 * ends. A call outside a transaction is a transaction of its own. Reads outside a transaction see
 * the last commit.
 */
public final class InMemoryStore implements Store {
    private final ReentrantLock writer = new ReentrantLock();
    private volatile Tables committed = new Tables();
    private final View outside = new View(null);

    @Override
    public UserStore users() {
        return outside.users();
    }

    @Override
    public CredentialStore credentials() {
        return outside.credentials();
    }

    @Override
    public LaunchConfigurationStore launchConfigurations() {
        return outside.launchConfigurations();
    }

    @Override
    public DomainStore domains() {
        return outside.domains();
    }

    @Override
    public InstanceStore instances() {
        return outside.instances();
    }

    @Override
    public ActivityStore activities() {
        return outside.activities();
    }

    @Override
    public SiteHealthStore siteHealth() {
        return outside.siteHealth();
    }

    @Override
    public ScalingStateStore scaling() {
        return outside.scaling();
    }

    @Override
    public MetricSampleStore metricSamples() {
        return outside.metricSamples();
    }

    @Override
    public String installationId() {
        return outside.installationId();
    }

    @Override
    public <T> T inTransaction(Function<Store, T> work) {
        return outside.inTransaction(work);
    }

    private <T> T commit(Function<Tables, T> work) {
        if (writer.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write outside the open transaction, on its own thread: it would "
                    + "wait for that transaction forever on SQLite; use the transaction's store");
        }
        writer.lock();
        try {
            Tables copy = committed.copy();
            T result = work.apply(copy);
            committed = copy;
            return result;
        } finally {
            writer.unlock();
        }
    }

    /** Every row, as the SQL schema has them (keys as records). */
    private static final class Tables {
        String installation;
        long lastUserId;
        long lastTokenId;
        long lastActivityId;
        final Map<Long, UserRow> users;
        final Map<Long, Token> tokens;
        final Map<OwnerSite, SiteCredentials> credentials;
        final Map<KeyPairKey, KeyPair> keyPairs;
        final Map<String, LaunchConfiguration> lcs;
        final Map<String, Domain> domains;
        final Map<String, Instance> instances;
        final TreeMap<Long, Activity> activities;
        final Map<DomainSite, SiteHealth> siteHealth;
        final Map<String, ScalingState> scaling;
        final List<MetricSampleStore.Pushed> samples;

        Tables() {
            this(null, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new TreeMap<>(),
                    new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        }

        private Tables(String installation, long lastUserId, long lastTokenId, long lastActivityId,
                       Map<Long, UserRow> users, Map<Long, Token> tokens, Map<OwnerSite, SiteCredentials> credentials,
                       Map<KeyPairKey, KeyPair> keyPairs, Map<String, LaunchConfiguration> lcs,
                       Map<String, Domain> domains, Map<String, Instance> instances, TreeMap<Long, Activity> activities,
                       Map<DomainSite, SiteHealth> siteHealth, Map<String, ScalingState> scaling,
                       List<MetricSampleStore.Pushed> samples) {
            this.installation = installation;
            this.lastUserId = lastUserId;
            this.lastTokenId = lastTokenId;
            this.lastActivityId = lastActivityId;
            this.users = users;
            this.tokens = tokens;
            this.credentials = credentials;
            this.keyPairs = keyPairs;
            this.lcs = lcs;
            this.domains = domains;
            this.instances = instances;
            this.activities = activities;
            this.siteHealth = siteHealth;
            this.scaling = scaling;
            this.samples = samples;
        }

        /** Rows are immutable records: copying the maps copies the tables. */
        Tables copy() {
            return new Tables(installation, lastUserId, lastTokenId, lastActivityId, new TreeMap<>(users),
                    new TreeMap<>(tokens), new LinkedHashMap<>(credentials), new LinkedHashMap<>(keyPairs),
                    new LinkedHashMap<>(lcs), new LinkedHashMap<>(domains), new LinkedHashMap<>(instances),
                    new TreeMap<>(activities), new LinkedHashMap<>(siteHealth), new LinkedHashMap<>(scaling),
                    new ArrayList<>(samples));
        }

        void requireUser(long id) {
            if (!users.containsKey(id)) {
                throw new IllegalStateException("foreign key: no user " + id);
            }
        }

        void requireDomain(String id) {
            if (!domains.containsKey(id)) {
                throw new IllegalStateException("foreign key: no domain " + id);
            }
        }
    }

    private record UserRow(User user, String passwordHash) {
    }

    private record Token(long id, long userId, String hash, Instant createdAt, Instant expiresAt, Instant revokedAt) {
        boolean live(Instant now) {
            return revokedAt == null && expiresAt.isAfter(now);
        }
    }

    private record OwnerSite(long owner, String site) {
    }

    private record KeyPairKey(long owner, String site, String name) {
    }

    private record DomainSite(String domainId, String site) {
    }

    /** The store seen from one transaction, or (without one) committing each call on its own. */
    private final class View implements Store {
        private final Tables tx;

        View(Tables tx) {
            this.tx = tx;
        }

        <T> T read(Function<Tables, T> query) {
            return query.apply(tx != null ? tx : committed);
        }

        <T> T write(Function<Tables, T> change) {
            return tx != null ? change.apply(tx) : commit(change);
        }

        @Override
        public <T> T inTransaction(Function<Store, T> work) {
            return tx != null ? work.apply(this) : commit(t -> work.apply(new View(t)));
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
            return new Users(this);
        }

        @Override
        public CredentialStore credentials() {
            return new Credentials(this);
        }

        @Override
        public LaunchConfigurationStore launchConfigurations() {
            return new LaunchConfigurations(this);
        }

        @Override
        public DomainStore domains() {
            return new Domains(this);
        }

        @Override
        public InstanceStore instances() {
            return new Instances(this);
        }

        @Override
        public ActivityStore activities() {
            return new Activities(this);
        }

        @Override
        public SiteHealthStore siteHealth() {
            return new SiteHealths(this);
        }

        @Override
        public ScalingStateStore scaling() {
            return new Scaling(this);
        }

        @Override
        public MetricSampleStore metricSamples() {
            return new Samples(this);
        }
    }

    /** Instants are stored in milliseconds. */
    private static Instant ms(Instant t) {
        return t == null ? null : Instant.ofEpochMilli(t.toEpochMilli());
    }

    private record Users(View db) implements UserStore {
        @Override
        public User create(String username, String passwordHash, Instant now) {
            return db.write(t -> {
                if (t.users.values().stream().anyMatch(r -> r.user().username().equals(username))) {
                    throw new DuplicateNameException("user '" + username + "' already exists");
                }
                User u = new User(++t.lastUserId, username, ms(now));
                t.users.put(u.id(), new UserRow(u, passwordHash));
                return u;
            });
        }

        @Override
        public Optional<User> byId(long id) {
            return db.read(t -> Optional.ofNullable(t.users.get(id)).map(UserRow::user));
        }

        @Override
        public Optional<User> byUsername(String username) {
            return db.read(t -> t.users.values().stream().map(UserRow::user)
                    .filter(u -> u.username().equals(username)).findFirst());
        }

        @Override
        public List<User> list() {
            return db.read(t -> t.users.values().stream().map(UserRow::user).toList());
        }

        @Override
        public Optional<String> passwordHash(long userId) {
            return db.read(t -> Optional.ofNullable(t.users.get(userId)).map(UserRow::passwordHash));
        }

        @Override
        public void addToken(long userId, String tokenHash, Instant now, Instant expiresAt, int maxLive) {
            db.write(t -> {
                t.requireUser(userId);
                if (t.tokens.values().stream().anyMatch(k -> k.hash().equals(tokenHash))) {
                    throw new IllegalStateException("unique key: token hash exists");
                }
                long id = ++t.lastTokenId;
                t.tokens.put(id, new Token(id, userId, tokenHash, ms(now), ms(expiresAt), null));
                List<Token> live = t.tokens.values().stream().filter(k -> k.userId() == userId && k.live(now))
                        .sorted(Comparator.comparing(Token::createdAt).thenComparing(Token::id).reversed()).toList();
                live.stream().skip(maxLive).forEach(k -> t.tokens.put(k.id(), revoked(k, now)));
                return null;
            });
        }

        @Override
        public Optional<User> userForToken(String tokenHash, Instant now) {
            return db.read(t -> t.tokens.values().stream().filter(k -> k.hash().equals(tokenHash) && k.live(now))
                    .findFirst().map(k -> t.users.get(k.userId()).user()));
        }

        @Override
        public int revokeTokens(long userId, Instant now) {
            return db.write(t -> {
                List<Token> live = t.tokens.values().stream()
                        .filter(k -> k.userId() == userId && k.revokedAt() == null).toList();
                live.forEach(k -> t.tokens.put(k.id(), revoked(k, now)));
                return live.size();
            });
        }

        private static Token revoked(Token k, Instant now) {
            return new Token(k.id(), k.userId(), k.hash(), k.createdAt(), k.expiresAt(), ms(now));
        }
    }

    private record Credentials(View db) implements CredentialStore {
        @Override
        public void put(SiteCredentials c) {
            db.write(t -> {
                t.requireUser(c.owner());
                return t.credentials.put(new OwnerSite(c.owner(), c.site()), new SiteCredentials(c.owner(), c.site(),
                        c.accessKey(), c.secretCiphertext(), c.keyName(), ms(c.updatedAt())));
            });
        }

        @Override
        public Optional<SiteCredentials> get(long owner, String site) {
            return db.read(t -> Optional.ofNullable(t.credentials.get(new OwnerSite(owner, site))));
        }

        @Override
        public List<SiteCredentials> list(long owner) {
            return db.read(t -> t.credentials.values().stream().filter(c -> c.owner() == owner)
                    .sorted(Comparator.comparing(SiteCredentials::site)).toList());
        }

        @Override
        public boolean delete(long owner, String site) {
            return db.write(t -> t.credentials.remove(new OwnerSite(owner, site)) != null);
        }

        @Override
        public void putKeyPair(KeyPair k) {
            db.write(t -> {
                t.requireUser(k.owner());
                return t.keyPairs.put(new KeyPairKey(k.owner(), k.site(), k.name()), new KeyPair(k.owner(), k.site(),
                        k.name(), k.publicKey(), k.fingerprint(), ms(k.createdAt())));
            });
        }

        @Override
        public List<KeyPair> keyPairs(long owner, String site) {
            return db.read(t -> t.keyPairs.values().stream().filter(k -> k.owner() == owner && k.site().equals(site))
                    .sorted(Comparator.comparing(KeyPair::name)).toList());
        }
    }

    private record LaunchConfigurations(View db) implements LaunchConfigurationStore {
        private static final Comparator<LaunchConfiguration> LISTED = Comparator
                .comparing(LaunchConfiguration::createdAt).thenComparing(LaunchConfiguration::id);

        @Override
        public void insert(LaunchConfiguration lc) {
            db.write(t -> {
                t.requireUser(lc.owner());
                if (t.lcs.containsKey(lc.id()) || named(t, lc.owner(), lc.name()).isPresent()) {
                    throw new DuplicateNameException("launch configuration '" + lc.name() + "' already exists");
                }
                return t.lcs.put(lc.id(), stored(lc));
            });
        }

        @Override
        public Optional<LaunchConfiguration> byId(long owner, String id) {
            return db.read(t -> Optional.ofNullable(t.lcs.get(id)).filter(lc -> lc.owner() == owner));
        }

        @Override
        public Optional<LaunchConfiguration> byName(long owner, String name) {
            return db.read(t -> named(t, owner, name));
        }

        @Override
        public Optional<LaunchConfiguration> lockByName(long owner, String name) {
            return byName(owner, name);
        }

        @Override
        public List<LaunchConfiguration> list(long owner) {
            return db.read(t -> t.lcs.values().stream().filter(lc -> lc.owner() == owner).sorted(LISTED).toList());
        }

        @Override
        public List<LaunchConfiguration> listPublished() {
            return db.read(t -> t.lcs.values().stream().filter(LaunchConfiguration::published).sorted(LISTED).toList());
        }

        @Override
        public int count(long owner) {
            return list(owner).size();
        }

        /** As the SQL update: the name, owner and creation time stay. */
        @Override
        public void update(LaunchConfiguration lc) {
            db.write(t -> t.lcs.computeIfPresent(lc.id(), (id, old) -> old.owner() != lc.owner() ? old
                    : stored(new LaunchConfiguration(id, old.owner(), old.name(), lc.sites(),
                    lc.contextualizationMethod(), lc.userData(), lc.published(), old.createdAt(), lc.updatedAt()))));
        }

        @Override
        public boolean delete(long owner, String id) {
            return db.write(t -> byIdIn(t, owner, id).map(lc -> t.lcs.remove(id)).isPresent());
        }

        @Override
        public boolean setPublished(long owner, String name, boolean published) {
            return db.write(t -> named(t, owner, name).map(lc -> t.lcs.put(lc.id(), new LaunchConfiguration(lc.id(),
                    lc.owner(), lc.name(), lc.sites(), lc.contextualizationMethod(), lc.userData(), published,
                    lc.createdAt(), lc.updatedAt()))).isPresent());
        }

        private static Optional<LaunchConfiguration> named(Tables t, long owner, String name) {
            return t.lcs.values().stream().filter(lc -> lc.owner() == owner && lc.name().equals(name)).findFirst();
        }

        private static Optional<LaunchConfiguration> byIdIn(Tables t, long owner, String id) {
            return Optional.ofNullable(t.lcs.get(id)).filter(lc -> lc.owner() == owner);
        }

        /** Sites in name order, as the SQL store reads them back. */
        private static LaunchConfiguration stored(LaunchConfiguration lc) {
            return new LaunchConfiguration(lc.id(), lc.owner(), lc.name(), new TreeMap<>(lc.sites()),
                    lc.contextualizationMethod(), lc.userData(), lc.published(), ms(lc.createdAt()),
                    ms(lc.updatedAt()));
        }
    }

    private record Domains(View db) implements DomainStore {
        private static final Comparator<Domain> LISTED = Comparator.comparing(Domain::createdAt)
                .thenComparing(Domain::id);

        @Override
        public void insert(Domain d) {
            db.write(t -> {
                t.requireUser(d.owner());
                if (t.domains.containsKey(d.id()) || liveNamed(t, d.owner(), d.name(), null).isPresent()) {
                    throw new DuplicateNameException("domain '" + d.name() + "' already exists");
                }
                return t.domains.put(d.id(), copy(d, d.version(), ms(d.createdAt()), ms(d.updatedAt()),
                        ms(d.deletedAt())));
            });
        }

        @Override
        public Optional<Domain> byId(long owner, String id) {
            return db.read(t -> live(t, owner, id));
        }

        /** Transactions run one at a time, so a read inside one already holds until it ends. */
        @Override
        public Optional<Domain> lockById(long owner, String id) {
            return byId(owner, id);
        }

        @Override
        public Optional<Domain> byIdAnyState(String id) {
            return db.read(t -> Optional.ofNullable(t.domains.get(id)));
        }

        @Override
        public Optional<Domain> byName(long owner, String name) {
            return db.read(t -> liveNamed(t, owner, name, null));
        }

        @Override
        public List<Domain> list(long owner) {
            return db.read(t -> liveOf(t, owner).sorted(LISTED).toList());
        }

        @Override
        public int countLive(long owner) {
            return db.read(t -> (int) liveOf(t, owner).count());
        }

        @Override
        public Domain update(Domain d, Instant now) {
            return db.write(t -> {
                Domain row = t.domains.get(d.id());
                if (row == null || row.deleted() || row.version() != d.version()) {
                    throw new ConcurrentUpdateException("domain " + d.id() + " changed or was deleted since version "
                            + d.version());
                }
                if (liveNamed(t, row.owner(), d.name(), d.id()).isPresent()) {
                    throw new DuplicateNameException("domain '" + d.name() + "' already exists");
                }
                t.domains.put(d.id(), new Domain(d.id(), row.owner(), d.name(), d.lcName(), d.policy(),
                        d.monitorSensors(), d.monitorDomainSensors(), d.metrics(), d.version() + 1, row.createdAt(),
                        ms(now), null));
                return copy(d, d.version() + 1, d.createdAt(), ms(now), null);
            });
        }

        @Override
        public boolean markDeleted(long owner, String id, Instant now) {
            return db.write(t -> live(t, owner, id).map(d -> t.domains.put(id, copy(d, d.version() + 1, d.createdAt(),
                    ms(now), ms(now)))).isPresent());
        }

        @Override
        public List<String> namesUsing(long owner, String lcName) {
            return db.read(t -> liveOf(t, owner).filter(d -> d.lcName().equals(lcName)).map(Domain::name).sorted()
                    .toList());
        }

        @Override
        public List<String> allIds() {
            return db.read(t -> t.domains.keySet().stream().sorted().toList());
        }

        /** The rows that refer to a purged domain go with it (on delete cascade). */
        @Override
        public int purgeDeleted(Instant before) {
            return db.write(t -> {
                Set<String> busy = t.instances.values().stream().filter(i -> !i.state().terminal())
                        .map(Instance::domainId).collect(Collectors.toSet());
                List<String> purged = t.domains.values().stream().filter(d -> d.deleted()
                        && d.deletedAt().isBefore(before) && !busy.contains(d.id())).map(Domain::id).toList();
                Set<String> gone = new HashSet<>(purged);
                gone.forEach(t.domains::remove);
                t.instances.values().removeIf(i -> gone.contains(i.domainId()));
                t.activities.values().removeIf(a -> gone.contains(a.domainId()));
                t.siteHealth.keySet().removeIf(k -> gone.contains(k.domainId()));
                t.scaling.keySet().removeIf(gone::contains);
                return purged.size();
            });
        }

        @Override
        public List<String> idsUsing(long owner, String lcName) {
            return db.read(t -> liveOf(t, owner).filter(d -> d.lcName().equals(lcName)).map(Domain::id).sorted()
                    .toList());
        }

        private static Stream<Domain> liveOf(Tables t, long owner) {
            return t.domains.values().stream().filter(d -> d.owner() == owner && !d.deleted());
        }

        private static Optional<Domain> live(Tables t, long owner, String id) {
            return Optional.ofNullable(t.domains.get(id)).filter(d -> d.owner() == owner && !d.deleted());
        }

        /** A live domain of the owner with that name, other than {@code except}. */
        private static Optional<Domain> liveNamed(Tables t, long owner, String name, String except) {
            return liveOf(t, owner).filter(d -> d.name().equals(name) && !d.id().equals(except)).findFirst();
        }

        private static Domain copy(Domain d, long version, Instant createdAt, Instant updatedAt, Instant deletedAt) {
            return new Domain(d.id(), d.owner(), d.name(), d.lcName(), d.policy(), d.monitorSensors(),
                    d.monitorDomainSensors(), d.metrics(), version, createdAt, updatedAt, deletedAt);
        }
    }

    private record Instances(View db) implements InstanceStore {
        private static final Comparator<Instance> LISTED = Comparator.comparing(Instance::createdAt)
                .thenComparing(Instance::id);

        @Override
        public List<Instance> byDomain(String domainId, Instant since) {
            return db.read(t -> t.instances.values().stream().filter(i -> i.domainId().equals(domainId)
                    && (!i.state().terminal() || !i.stateChangedAt().isBefore(since))).sorted(LISTED).toList());
        }

        @Override
        public Optional<Instance> byId(String domainId, String instanceId) {
            return db.read(t -> Optional.ofNullable(t.instances.get(instanceId))
                    .filter(i -> i.domainId().equals(domainId)));
        }

        @Override
        public List<Instance> live(String domainId) {
            return db.read(t -> t.instances.values().stream()
                    .filter(i -> i.domainId().equals(domainId) && !i.state().terminal()).sorted(LISTED).toList());
        }

        @Override
        public List<Instance> byIds(Collection<String> ids) {
            Set<String> wanted = new HashSet<>(ids);
            return db.read(t -> t.instances.values().stream().filter(i -> wanted.contains(i.id())).toList());
        }

        @Override
        public List<Instance> ofOwner(long owner, Collection<String> refs) {
            Set<String> wanted = new HashSet<>(refs);
            return db.read(t -> t.instances.values().stream().filter(i -> i.owner() == owner
                    && (wanted.contains(i.id()) || wanted.contains(i.iaasId()))).toList());
        }

        @Override
        public Set<String> liveIdsOn(String site) {
            return db.read(t -> t.instances.values().stream().filter(i -> i.site().equals(site)
                    && !i.state().terminal()).map(Instance::id).collect(Collectors.toSet()));
        }

        @Override
        public Set<Long> ownersLiveOn(String site) {
            return db.read(t -> t.instances.values().stream().filter(i -> i.site().equals(site)
                    && !i.state().terminal()).map(Instance::owner).collect(Collectors.toSet()));
        }

        @Override
        public void insertAll(List<Instance> instances) {
            db.write(t -> {
                for (Instance i : instances) {
                    t.requireDomain(i.domainId());
                    if (t.instances.containsKey(i.id())) {
                        throw new IllegalStateException("primary key: instance " + i.id() + " exists");
                    }
                    t.instances.put(i.id(), stored(i, i));
                }
                return null;
            });
        }

        /** As the SQL update: the control loop's columns only; a termination request stays. */
        @Override
        public void updateAll(List<Instance> instances) {
            db.write(t -> {
                for (Instance i : instances) {
                    Instance row = t.instances.get(i.id());
                    if (row != null) {
                        t.instances.put(i.id(), stored(row, i));
                    }
                }
                return null;
            });
        }

        @Override
        public boolean requestTermination(String domainId, String instanceId) {
            return db.write(t -> {
                Instance i = t.instances.get(instanceId);
                if (i == null || !i.domainId().equals(domainId) || i.state().terminal()) {
                    return false;
                }
                t.instances.put(i.id(), new Instance(i.id(), i.domainId(), i.owner(), i.site(), i.batchId(), i.state(),
                        i.iaasId(), i.imageId(), i.instanceType(), i.keyname(), i.userData(), i.hostname(),
                        i.publicIp(), i.privateIp(), i.reason(), i.createdAt(), i.stateChangedAt(), i.missingSince(),
                        i.endState(), true));
                return true;
            });
        }

        @Override
        public int purgeTerminal(Instant before) {
            return db.write(t -> {
                int n = t.instances.size();
                t.instances.values().removeIf(i -> i.state().terminal() && i.stateChangedAt().isBefore(before));
                return n - t.instances.size();
            });
        }

        /**
         * The row {@code fixed} keeps (identity, launch parameters, creation, termination request),
         * with the control loop's columns from {@code i}, clipped to their sizes as the SQL store does.
         */
        private static Instance stored(Instance fixed, Instance i) {
            if (!Text.fits(i.iaasId(), ObservedVm.MAX_IAAS_ID_LENGTH)) {
                throw new IllegalArgumentException("instance " + i.id() + ": the cloud's id is " + i.iaasId().length()
                        + " characters, more than the " + ObservedVm.MAX_IAAS_ID_LENGTH + " of instances.iaas_id");
            }
            return new Instance(fixed.id(), fixed.domainId(), fixed.owner(), fixed.site(), fixed.batchId(), i.state(),
                    i.iaasId(), fixed.imageId(), fixed.instanceType(), fixed.keyname(), fixed.userData(),
                    Text.clip(i.hostname(), ObservedVm.MAX_HOSTNAME_LENGTH),
                    Text.clip(i.publicIp(), ObservedVm.MAX_ADDRESS_LENGTH),
                    Text.clip(i.privateIp(), ObservedVm.MAX_ADDRESS_LENGTH),
                    Text.clip(i.reason(), Instance.MAX_REASON_LENGTH), ms(fixed.createdAt()), ms(i.stateChangedAt()),
                    ms(i.missingSince()), i.endState(), fixed.terminationRequested());
        }
    }

    private record Activities(View db) implements ActivityStore {
        @Override
        public Activity append(Activity a) {
            return db.write(t -> {
                t.requireDomain(a.domainId());
                Activity stored = new Activity(++t.lastActivityId, a.domainId(), a.owner(), ms(a.at()), a.action(),
                        Text.clip(a.cause(), Activity.MAX_CAUSE_LENGTH),
                        Text.clip(a.description(), Activity.MAX_DESCRIPTION_LENGTH), a.result(), a.site(),
                        a.instanceCount());
                t.activities.put(stored.id(), stored);
                return stored;
            });
        }

        @Override
        public List<Activity> list(String domainId, long beforeId, int limit) {
            return db.read(t -> (beforeId == 0 ? t.activities : t.activities.headMap(beforeId, false)).descendingMap()
                    .values().stream().filter(a -> a.domainId().equals(domainId)).limit(limit).toList());
        }

        @Override
        public int purgeBefore(Instant before, int limit) {
            return db.write(t -> remove(t, t.activities.values().stream().filter(a -> a.at().isBefore(before))
                    .sorted(Comparator.comparing(Activity::at)).limit(limit)));
        }

        @Override
        public long oldestKept(String domainId, int keep) {
            return list(domainId, 0, keep).stream().skip(keep - 1).findFirst().map(Activity::id).orElse(0L);
        }

        @Override
        public int purgeDomainBefore(String domainId, long beforeId, int limit) {
            return db.write(t -> remove(t, t.activities.headMap(beforeId, false).values().stream()
                    .filter(a -> a.domainId().equals(domainId)).limit(limit)));
        }

        @Override
        public long newestId() {
            return db.read(t -> t.activities.isEmpty() ? 0L : t.activities.lastKey());
        }

        @Override
        public Set<String> domainsAppendedAfter(long afterId) {
            return db.read(t -> t.activities.tailMap(afterId, false).values().stream().map(Activity::domainId)
                    .collect(Collectors.toSet()));
        }

        private static int remove(Tables t, Stream<Activity> rows) {
            List<Long> ids = rows.map(Activity::id).toList();
            ids.forEach(t.activities::remove);
            return ids.size();
        }
    }

    private record SiteHealths(View db) implements SiteHealthStore {
        @Override
        public Map<String, SiteHealth> forDomain(String domainId) {
            return db.read(t -> {
                Map<String, SiteHealth> out = new LinkedHashMap<>();
                t.siteHealth.forEach((k, h) -> {
                    if (k.domainId().equals(domainId)) {
                        out.put(k.site(), h);
                    }
                });
                return out;
            });
        }

        @Override
        public void put(String domainId, String site, SiteHealth health) {
            db.write(t -> {
                t.requireDomain(domainId);
                return t.siteHealth.put(new DomainSite(domainId, site), new SiteHealth(health.consecutiveFailures(),
                        ms(health.backoffUntil()), health.backoffLevel()));
            });
        }
    }

    private record Scaling(View db) implements ScalingStateStore {
        @Override
        public ScalingState forDomain(String domainId) {
            return db.read(t -> t.scaling.getOrDefault(domainId, ScalingState.NONE));
        }

        @Override
        public void put(String domainId, ScalingState state) {
            db.write(t -> {
                t.requireDomain(domainId);
                Objects.requireNonNull(state.engine(), "domain_scaling.engine");
                return t.scaling.put(domainId, new ScalingState(state.engine(), state.desired(),
                        ms(state.lastScaledAt())));
            });
        }

        @Override
        public void shrinkByOne(String domainId) {
            db.write(t -> t.scaling.computeIfPresent(domainId, (id, s) -> s.desired() == null || s.desired() <= 0 ? s
                    : new ScalingState(s.engine(), s.desired() - 1, s.lastScaledAt())));
        }
    }

    private record Samples(View db) implements MetricSampleStore {
        @Override
        public void insertAll(List<Pushed> samples) {
            db.write(t -> t.samples.addAll(samples.stream().map(p -> new Pushed(p.owner(), p.subject(), p.metric(),
                    new Sample(ms(p.sample().time()), p.sample().value()))).toList()));
        }

        @Override
        public Map<String, List<Sample>> read(String metric, Collection<String> subjects, Instant from, Instant to) {
            Set<String> wanted = new HashSet<>(subjects);
            return db.read(t -> {
                Map<String, List<Sample>> out = new LinkedHashMap<>();
                t.samples.stream().filter(p -> p.metric().equals(metric) && wanted.contains(p.subject())
                                && !p.sample().time().isBefore(from) && !p.sample().time().isAfter(to))
                        .sorted(Comparator.comparing(p -> p.sample().time()))
                        .forEach(p -> out.computeIfAbsent(p.subject(), s -> new ArrayList<>()).add(p.sample()));
                return out;
            });
        }

        @Override
        public Set<String> metrics(long owner) {
            return db.read(t -> t.samples.stream().filter(p -> p.owner() == owner).map(Pushed::metric)
                    .collect(Collectors.toSet()));
        }

        @Override
        public int purge(Instant before) {
            return db.write(t -> {
                int n = t.samples.size();
                t.samples.removeIf(p -> p.sample().time().isBefore(before));
                return n - t.samples.size();
            });
        }
    }
}
