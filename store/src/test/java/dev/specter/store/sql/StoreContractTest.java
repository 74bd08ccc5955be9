package dev.specter.store.sql;

import dev.specter.domain.MetricSettings;
import dev.specter.activity.Activity;
import dev.specter.domain.Domain;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.SensorPolicy;
import dev.specter.domain.TargetPolicy;
import dev.specter.engine.ScalingState;
import dev.specter.metric.Sample;
import dev.specter.metric.Statistic;
import dev.specter.store.MetricSampleStore;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.store.ConcurrentUpdateException;
import dev.specter.store.DuplicateNameException;
import dev.specter.store.Store;
import dev.specter.user.KeyPair;
import dev.specter.user.SiteCredentials;
import dev.specter.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The repository behaviour every database must give; run against SQLite and PostgreSQL by the
 * subclasses, and against the in-memory store the other modules' tests use instead of a database.
 */
abstract class StoreContractTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    Database db;
    Store store;
    User alice;
    User bob;

    abstract Database open();

    abstract void dispose();

    /** The store under test: the SQL store on {@link #db}, unless a subclass brings a store of its own. */
    Store store(Database db) {
        return new SqlStore(db);
    }

    @BeforeEach
    void setUp() {
        db = open();
        store = store(db);
        alice = store.users().create("alice", "hash-a", T0);
        bob = store.users().create("bob", "hash-b", T0);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
        dispose();
    }

    static LaunchConfiguration lc(String id, long owner, String name) {
        Map<String, SiteLaunchParams> sites = new LinkedHashMap<>();
        sites.put("hotel", new SiteLaunchParams("img", "m1.small", 4, true, 1, null));
        sites.put("sierra", new SiteLaunchParams("img", "m1.large", -1, false, 2, "#!/bin/sh\necho hi"));
        return new LaunchConfiguration(id, owner, name, sites, "user_data", "#cloud-config", false, T0, T0);
    }

    static Domain domain(String id, long owner, String name, int vmCount) {
        return new Domain(id, owner, name, "lc", new MultiCloudPolicy(vmCount), List.of("cpu"), List.of(), MetricSettings.DEFAULT, 1, T0, T0,
                null);
    }

    @Test
    void usersAreUniqueByName() {
        assertThat(alice.id()).isNotEqualTo(bob.id());
        assertThat(store.users().byUsername("alice")).contains(alice);
        assertThat(store.users().byId(bob.id())).contains(bob);
        assertThat(store.users().passwordHash(alice.id())).contains("hash-a");
        assertThatThrownBy(() -> store.users().create("alice", "x", T0)).isInstanceOf(DuplicateNameException.class);
        assertThat(store.users().list()).extracting(User::username).containsExactly("alice", "bob");
    }

    @Test
    void tokensExpireAreRevokedAndAreCapped() {
        store.users().addToken(alice.id(), "h1", T0, T0.plus(Duration.ofDays(30)), 3);
        assertThat(store.users().userForToken("h1", T0)).hasValue(alice);
        assertThat(store.users().userForToken("h1", T0.plus(Duration.ofDays(31)))).isEmpty();
        assertThat(store.users().userForToken("nope", T0)).isEmpty();

        for (int i = 2; i <= 4; i++) {
            store.users().addToken(alice.id(), "h" + i, T0.plusSeconds(i), T0.plus(Duration.ofDays(30)), 3);
        }
        assertThat(store.users().userForToken("h1", T0.plusSeconds(10))).as("oldest revoked beyond the cap").isEmpty();
        assertThat(store.users().userForToken("h4", T0.plusSeconds(10))).hasValue(alice);

        assertThat(store.users().revokeTokens(alice.id(), T0.plusSeconds(20))).isEqualTo(3);
        assertThat(store.users().userForToken("h4", T0.plusSeconds(21))).isEmpty();
    }

    @Test
    void credentialsAreOverwrittenPerSite() {
        store.credentials().put(new SiteCredentials(alice.id(), "ec2", "AK1", "v1:c1", "key1", T0));
        store.credentials().put(new SiteCredentials(alice.id(), "ec2", "AK2", "v1:c2", "key2", T0.plusSeconds(1)));
        store.credentials().put(new SiteCredentials(alice.id(), "hotel", "AK3", "v1:c3", "key3", T0));
        assertThat(store.credentials().get(alice.id(), "ec2")).get()
                .extracting(SiteCredentials::accessKey, SiteCredentials::secretCiphertext).containsExactly("AK2", "v1:c2");
        assertThat(store.credentials().list(alice.id())).extracting(SiteCredentials::site).containsExactly("ec2", "hotel");
        assertThat(store.credentials().list(bob.id())).isEmpty();
        assertThat(store.credentials().delete(bob.id(), "ec2")).isFalse();
        assertThat(store.credentials().delete(alice.id(), "ec2")).isTrue();
        assertThat(store.credentials().get(alice.id(), "ec2")).isEmpty();

        store.credentials().putKeyPair(new KeyPair(alice.id(), "hotel", "k", "ssh-ed25519 AAAA", "fp", T0));
        store.credentials().putKeyPair(new KeyPair(alice.id(), "hotel", "k", "ssh-ed25519 BBBB", "fp2", T0));
        assertThat(store.credentials().keyPairs(alice.id(), "hotel")).singleElement()
                .extracting(KeyPair::publicKey).isEqualTo("ssh-ed25519 BBBB");
        assertThat(store.credentials().keyPairs(bob.id(), "hotel")).isEmpty();
    }

    @Test
    void launchConfigurationsRoundTripAndStayWithTheirOwner() {
        LaunchConfiguration lc = lc("lc1", alice.id(), "web");
        store.launchConfigurations().insert(lc);
        assertThat(store.launchConfigurations().byId(alice.id(), "lc1")).contains(lc);
        assertThat(store.launchConfigurations().byId(bob.id(), "lc1")).isEmpty();
        assertThat(store.launchConfigurations().byName(alice.id(), "web")).contains(lc);
        assertThatThrownBy(() -> store.launchConfigurations().insert(lc("lc2", alice.id(), "web")))
                .isInstanceOf(DuplicateNameException.class);
        store.launchConfigurations().insert(lc("lc3", bob.id(), "web"));
        assertThat(store.launchConfigurations().count(alice.id())).isEqualTo(1);

        LaunchConfiguration changed = lc.withSites(Map.of("alamo", new SiteLaunchParams("i2", "t", 0, true, 3, null)),
                "none", null, T0.plusSeconds(5));
        store.launchConfigurations().update(changed);
        assertThat(store.launchConfigurations().byId(alice.id(), "lc1")).contains(changed);

        assertThat(store.launchConfigurations().listPublished()).isEmpty();
        assertThat(store.launchConfigurations().setPublished(alice.id(), "web", true)).isTrue();
        assertThat(store.launchConfigurations().listPublished()).extracting(LaunchConfiguration::id).containsExactly("lc1");

        assertThat(store.launchConfigurations().delete(bob.id(), "lc1")).isFalse();
        assertThat(store.launchConfigurations().delete(alice.id(), "lc1")).isTrue();
        assertThat(store.launchConfigurations().list(alice.id())).isEmpty();
    }

    @Test
    void domainsKeepPoliciesAndVersions() {
        Domain d = domain("d1", alice.id(), "web", 3);
        store.domains().insert(d);
        assertThat(store.domains().byId(alice.id(), "d1")).contains(d);
        assertThat(store.domains().byId(bob.id(), "d1")).isEmpty();

        SensorPolicy sensor = new SensorPolicy("cpu", 1, 5, 0.75, 2, 0.25, 1, 30);
        TargetPolicy target = new TargetPolicy("queue", 12.5, 2, 9, true, 45);
        MetricSettings metrics = new MetricSettings("prom", "up{vm=\"{iaas_id}\"}", Statistic.MAXIMUM, 120, 15);
        Domain targeted = store.domains().update(new Domain("d1", alice.id(), "web", "lc", target, List.of(),
                List.of(), metrics, 1, T0, T0, null), T0.plusSeconds(1));
        assertThat(store.domains().byId(alice.id(), "d1")).contains(targeted);
        Domain updated = store.domains().update(
                new Domain("d1", alice.id(), "web2", "lc", sensor, List.of(), List.of("queue"), MetricSettings.DEFAULT,
                        2, T0, T0, null), T0.plusSeconds(1));
        assertThat(updated.version()).isEqualTo(3);
        assertThat(store.domains().byId(alice.id(), "d1")).contains(updated);
        assertThatThrownBy(() -> store.domains().update(targeted, T0.plusSeconds(2)))
                .as("stale version").isInstanceOf(ConcurrentUpdateException.class);
    }

    /**
     * A row written before a parameter existed lacks it and reads its default, so adding a parameter
     * with a default needs no migration; a row that cannot be read says which domain it is.
     */
    @Test
    void storedPoliciesLackingAParameterTakeItsDefault() {
        assumeTrue(db != null, "a stored row is the SQL stores' concern");
        store.domains().insert(domain("d1", alice.id(), "web", 3));
        db.writes().useHandle(h -> h.execute("update domains set de_name = 'target', policy_params = ? where id = 'd1'",
                "{\"target_metric\": \"queue\", \"target_value\": 12.5, \"target_minimum_vms\": 2, "
                        + "\"target_maximum_vms\": 9}"));
        assertThat(store.domains().byId(alice.id(), "d1").orElseThrow().policy())
                .isEqualTo(new TargetPolicy("queue", 12.5, 2, 9, false, 60));
        db.writes().useHandle(h -> h.execute("update domains set policy_params = '{}' where id = 'd1'"));
        assertThatThrownBy(() -> store.domains().byId(alice.id(), "d1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("d1").hasMessageContaining("target_metric");
    }

    @Test
    void aTransactionOpenedInsideATransactionJoinsIt() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        assertThatThrownBy(() -> store.inTransaction(tx -> tx.inTransaction(inner -> {
            inner.domains().update(domain("d1", alice.id(), "web", 5), T0.plusSeconds(1));
            throw new IllegalStateException("the outer work fails after the inner write");
        }))).isInstanceOf(IllegalStateException.class);
        assertThat(store.domains().byId(alice.id(), "d1").orElseThrow().version())
                .as("the inner write went with the outer transaction").isEqualTo(1);
    }

    @Test
    void aLockedReadSeesTheLiveDomainAndHoldsItUntilTheTransactionEnds() throws Exception {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> store.inTransaction(tx -> {
            assertThat(tx.domains().lockById(alice.id(), "d1")).isPresent();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return tx.domains().update(domain("d1", alice.id(), "web", 5), T0.plusSeconds(1));
        }));
        locked.await();
        java.util.concurrent.atomic.AtomicReference<Domain> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> seen.set(store.inTransaction(tx ->
                tx.domains().lockById(alice.id(), "d1").orElseThrow())));
        waiter.join(300);
        assertThat(seen.get()).as("a second locked read waits for the first transaction").isNull();
        release.countDown();
        holder.join();
        waiter.join();
        assertThat(seen.get().version()).as("and then reads what it committed").isEqualTo(2);
        store.domains().markDeleted(alice.id(), "d1", T0.plusSeconds(2));
        java.util.Optional<Domain> deleted = store.inTransaction(tx -> tx.domains().lockById(alice.id(), "d1"));
        assertThat(deleted).isEmpty();
    }

    /**
     * Optimistic versioning under contention: of many transactions updating the same version at
     * once, exactly one succeeds and every other learns it lost. (Embedded H2 let two of them succeed
     * now and then, each adding 1 to the same version: an acknowledged PUT that counted for nothing.)
     */
    @RepeatedTest(20)
    void ofConcurrentUpdatesOfOneVersionExactlyOneWins() throws Exception {
        Domain d = domain("d1", alice.id(), "web", 0);
        store.domains().insert(d);
        int writers = 12;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.atomic.AtomicInteger won = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = IntStream.range(0, writers).mapToObj(i -> Thread.ofPlatform().start(() -> {
            try {
                start.await();
                store.inTransaction(tx -> tx.domains().update(d.redefine(d.definition()
                        .withPolicy(new MultiCloudPolicy(i))), T0.plusSeconds(1)));
                won.incrementAndGet();
            } catch (ConcurrentUpdateException e) {
                lost.incrementAndGet();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(won.get()).isEqualTo(1);
        assertThat(lost.get()).isEqualTo(writers - 1);
        assertThat(store.domains().byId(alice.id(), "d1").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void instancesAreFoundByIdDomainAndSiteWhileLive() {
        store.domains().insert(domain("d1", alice.id(), "web", 3));
        store.domains().insert(domain("d2", bob.id(), "web", 1));
        Instance a = Instance.requesting("t-a", "d1", alice.id(), "hotel", "b1", "img", "m1.small", null, null, "why", T0);
        Instance b = Instance.requesting("t-b", "d1", alice.id(), "sierra", "b2", "img", "m1.small", null, null, "why", T0);
        Instance c = Instance.requesting("t-c", "d2", bob.id(), "hotel", "b3", "img", "m1.small", null, null, "why", T0);
        store.instances().insertAll(List.of(a, b, c));
        assertThat(store.instances().byIds(List.of("t-a", "t-c", "nope"))).extracting(Instance::id)
                .containsExactlyInAnyOrder("t-a", "t-c");
        assertThat(store.instances().byIds(IntStream.range(0, 1200).mapToObj(i -> i == 700 ? "t-b" : "x" + i).toList()))
                .as("more ids than one query takes").extracting(Instance::id).containsExactly("t-b");
        assertThat(store.instances().liveIdsOn("hotel")).containsExactlyInAnyOrder("t-a", "t-c");
        assertThat(store.instances().ownersLiveOn("hotel")).containsExactlyInAnyOrder(alice.id(), bob.id());

        store.instances().updateAll(List.of(a.moveTo(LifecycleState.TERMINATED, "gone", T0.plusSeconds(5))));
        assertThat(store.instances().liveIdsOn("hotel")).containsExactly("t-c");
        assertThat(store.instances().live("d1")).extracting(Instance::id).containsExactly("t-b");
        assertThat(store.instances().byIds(List.of("t-a"))).extracting(Instance::state)
                .containsExactly(LifecycleState.TERMINATED);
        assertThat(store.instances().purgeTerminal(T0.plusSeconds(6))).isEqualTo(1);
        assertThat(store.instances().byIds(List.of("t-a"))).isEmpty();
    }

    @Test
    void scalingStateIsKeptPerDomainAndShrinks() {
        store.domains().insert(domain("d1", alice.id(), "web", 3));
        assertThat(store.scaling().forDomain("d1")).isEqualTo(ScalingState.NONE);
        ScalingState s = new ScalingState("sensor", 4, T0);
        store.scaling().put("d1", s);
        assertThat(store.scaling().forDomain("d1")).isEqualTo(s);
        store.scaling().put("d1", new ScalingState("target", null, null));
        assertThat(store.scaling().forDomain("d1")).isEqualTo(new ScalingState("target", null, null));
        store.scaling().put("d1", s);
        store.scaling().shrinkByOne("d1");
        assertThat(store.scaling().forDomain("d1").desired()).isEqualTo(3);
    }

    @Test
    void pushedSamplesAreReadByMetricSubjectAndWindowThenPurged() {
        var samples = store.metricSamples();
        samples.insertAll(List.of(
                new MetricSampleStore.Pushed(alice.id(), "i-1", "load", new Sample(T0, 0.0)),
                new MetricSampleStore.Pushed(alice.id(), "i-1", "load", new Sample(T0.plusSeconds(10), 2.5)),
                new MetricSampleStore.Pushed(alice.id(), "i-2", "load", new Sample(T0.plusSeconds(5), 1.0)),
                new MetricSampleStore.Pushed(alice.id(), "i-1", "cpu", new Sample(T0, 50)),
                new MetricSampleStore.Pushed(bob.id(), MetricSampleStore.domainSubject("d9"), "queue",
                        new Sample(T0, 7))));
        assertThat(samples.read("load", List.of("i-1", "i-2", "i-3"), T0, T0.plusSeconds(10)))
                .containsOnlyKeys("i-1", "i-2")
                .containsEntry("i-1", List.of(new Sample(T0, 0.0), new Sample(T0.plusSeconds(10), 2.5)));
        assertThat(samples.read("load", List.of("i-1"), T0.plusSeconds(1), T0.plusSeconds(9))).isEmpty();
        assertThat(samples.read("queue", List.of(MetricSampleStore.domainSubject("d9")), T0, T0))
                .containsKey("domain:d9");
        assertThat(samples.metrics(alice.id())).containsExactlyInAnyOrder("load", "cpu");
        assertThat(samples.metrics(bob.id())).containsExactly("queue");
        assertThat(samples.purge(T0.plusSeconds(6))).isEqualTo(4);
        assertThat(samples.read("load", List.of("i-1", "i-2"), T0, T0.plusSeconds(10))).containsOnlyKeys("i-1");
    }

    @Test
    void instancesAreFoundByTheirOwnerAndIdOrCloudId() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        store.domains().insert(domain("d2", bob.id(), "web", 1));
        Instance a = Instance.requesting("t-a", "d1", alice.id(), "hotel", "b1", "img", "m1.small", null, null, "why", T0)
                .withCloudFacts("i-aaa", null, null, null);
        Instance b = Instance.requesting("t-b", "d2", bob.id(), "hotel", "b2", "img", "m1.small", null, null, "why", T0);
        store.instances().insertAll(List.of(a, b));
        store.instances().updateAll(List.of(a));
        assertThat(store.instances().ofOwner(alice.id(), List.of("i-aaa", "t-b"))).extracting(Instance::id)
                .containsExactly("t-a");
        assertThat(store.instances().ofOwner(bob.id(), List.of("t-b", "t-a"))).extracting(Instance::id)
                .containsExactly("t-b");
    }

    @Test
    void liveDomainNamesAreUniqueAndFreedByDeletion() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        store.domains().insert(domain("d2", alice.id(), "db", 1));
        store.domains().insert(domain("d3", bob.id(), "web", 1));
        assertThatThrownBy(() -> store.domains().insert(domain("d4", alice.id(), "web", 1)))
                .isInstanceOf(DuplicateNameException.class);
        Domain d2 = store.domains().byId(alice.id(), "d2").orElseThrow();
        assertThatThrownBy(() -> store.domains().update(d2.redefine(d2.definition().withPolicy(new MultiCloudPolicy(2)))
                .redefine(new dev.specter.domain.DomainDefinition("web", "lc", new MultiCloudPolicy(2), List.of(),
                        List.of(), MetricSettings.DEFAULT)), T0)).as("rename onto a taken name").isInstanceOf(DuplicateNameException.class);

        assertThat(store.domains().namesUsing(alice.id(), "lc")).containsExactly("db", "web");
        assertThat(store.domains().markDeleted(bob.id(), "d1", T0)).isFalse();
        assertThat(store.domains().markDeleted(alice.id(), "d1", T0)).isTrue();
        assertThat(store.domains().markDeleted(alice.id(), "d1", T0)).isFalse();
        assertThat(store.domains().byId(alice.id(), "d1")).isEmpty();
        assertThat(store.domains().byIdAnyState("d1")).get().extracting(Domain::deletedAt).isEqualTo(T0);
        assertThat(store.domains().list(alice.id())).extracting(Domain::id).containsExactly("d2");
        assertThat(store.domains().countLive(alice.id())).isEqualTo(1);

        store.domains().insert(domain("d5", alice.id(), "web", 1));
        assertThat(store.domains().byName(alice.id(), "web")).get().extracting(Domain::id).isEqualTo("d5");
    }

    @Test
    void activitiesListNewestFirstWithPaging() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        List<Long> ids = IntStream.range(0, 5).mapToObj(i -> store.activities().append(Activity.of("d1", alice.id(),
                T0.plusSeconds(i), "launch", "cause " + i, "desc", "ok", "hotel", i)).id()).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        List<Activity> page = store.activities().list("d1", 0, 3);
        assertThat(page).extracting(Activity::cause).containsExactly("cause 4", "cause 3", "cause 2");
        assertThat(store.activities().list("d1", page.getLast().id(), 3)).extracting(Activity::cause)
                .containsExactly("cause 1", "cause 0");
        assertThat(store.activities().append(Activity.of("d1", alice.id(), T0, "x", "c".repeat(5000), "d", "ok", null, 0))
                .cause()).hasSize(2048);
    }

    /**
     * The instance and activity columns filled from clouds and the code: at their size a value reads
     * back whole, so the sizes in the code are the schema's; beyond it text is clipped to fit and a
     * cloud id, which clipping would turn into another VM's, is refused before anything is written.
     */
    @Test
    void cloudAndInternalTextIsKeptWholeAtTheColumnSizeAndClippedOrRefusedBeyond() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        Instance at = Instance.requesting("t-a", "d1", alice.id(), "hotel", "b1", "i".repeat(1024), "t".repeat(256),
                        "k".repeat(1024), null, "r".repeat(2048), T0)
                .withCloudFacts("c".repeat(256), "h".repeat(1024), "p".repeat(64), "q".repeat(64));
        store.instances().insertAll(List.of(at));
        assertThat(store.instances().byIds(List.of("t-a"))).containsExactly(at);

        String rockets = "\uD83D\uDE80".repeat(3000);
        Instance over = Instance.requesting("t-b", "d1", alice.id(), "hotel", "b1", "img", "m1.small", null, null,
                rockets, T0).withCloudFacts("i-b", "h".repeat(2000), "p".repeat(100), rockets);
        store.instances().insertAll(List.of(over));
        Instance stored = store.instances().byIds(List.of("t-b")).getFirst();
        assertThat(stored.hostname()).hasSize(1024).endsWith("…");
        assertThat(stored.publicIp()).hasSize(64).endsWith("…");
        assertThat(stored.privateIp()).hasSizeLessThanOrEqualTo(64).endsWith("…");
        assertThat(stored.reason()).hasSizeLessThanOrEqualTo(2048).endsWith("…").startsWith(rockets.substring(0, 2000));

        Instance longId = Instance.requesting("t-c", "d1", alice.id(), "hotel", "b1", "img", "m1.small", null, null,
                "why", T0).withCloudFacts("c".repeat(257), null, null, null);
        assertThatThrownBy(() -> store.instances().insertAll(List.of(longId)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instances.iaas_id");
        assertThatThrownBy(() -> store.instances().updateAll(List.of(at.withCloudFacts("c".repeat(257), null, null,
                null)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.instances().byIds(List.of("t-a", "t-c"))).containsExactly(at);

        Activity a = store.activities().append(Activity.of("d1", alice.id(), T0, "launch", "c".repeat(2048),
                "d".repeat(4096), "ok", "hotel", 1));
        Activity clipped = store.activities().append(Activity.of("d1", alice.id(), T0, "launch", rockets,
                rockets + rockets, "ok", "hotel", 1));
        assertThat(store.activities().list("d1", 0, 10)).containsExactly(clipped, a);
        assertThat(a.cause()).hasSize(2048);
        assertThat(a.description()).hasSize(4096);
        assertThat(clipped.cause()).hasSizeLessThanOrEqualTo(2048).endsWith("…");
        assertThat(clipped.description()).hasSizeLessThanOrEqualTo(4096).endsWith("…");
    }

    private Activity activity(String domainId, Instant at, String cause) {
        return store.activities().append(Activity.of(domainId, alice.id(), at, "launch", cause, "desc", "ok", "hotel", 1));
    }

    private List<String> causes(String domainId) {
        return store.activities().list(domainId, 0, 1000).stream().map(Activity::cause).toList();
    }

    @Test
    void activitiesOlderThanTheCutoffArePurgedOldestFirstInBatchesOfAnyDomain() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        store.domains().insert(domain("d2", alice.id(), "db", 1));
        for (int i = 0; i < 6; i++) {
            activity("d1", T0.plusSeconds(2 * i), "d1 at " + 2 * i);
            if (i < 3) {
                activity("d2", T0.plusSeconds(2 * i + 1), "d2 at " + (2 * i + 1));
            }
        }
        activity("d2", T0.plusSeconds(20), "d2 at 20");
        Instant cutoff = T0.plusSeconds(6); // older: d1 at 0, 2, 4 and d2 at 1, 3, 5

        assertThat(store.activities().purgeBefore(cutoff, 4)).isEqualTo(4);
        assertThat(causes("d1")).as("the oldest went first").containsExactly("d1 at 10", "d1 at 8", "d1 at 6", "d1 at 4");
        assertThat(causes("d2")).containsExactly("d2 at 20", "d2 at 5");
        assertThat(store.activities().purgeBefore(cutoff, 4)).isEqualTo(2);
        assertThat(store.activities().purgeBefore(cutoff, 4)).isZero();
        assertThat(causes("d1")).as("one at the cutoff is not older than it").containsExactly("d1 at 10", "d1 at 8",
                "d1 at 6");
        assertThat(causes("d2")).containsExactly("d2 at 20");
    }

    @Test
    void aDomainsActivitiesBeyondItsNewestNArePurgedInBatchesLeavingOtherDomains() {
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        store.domains().insert(domain("d2", alice.id(), "db", 1));
        for (int i = 0; i < 10; i++) {
            activity("d1", T0.plusSeconds(i), "d1 #" + i);
            if (i % 3 == 0) {
                activity("d2", T0.plusSeconds(i), "d2 #" + i);
            }
        }
        List<Activity> d1 = store.activities().list("d1", 0, 1000);
        List<Activity> d2 = store.activities().list("d2", 0, 1000);
        assertThat(d2).hasSize(4);

        long oldestKept = store.activities().oldestKept("d1", 3);
        assertThat(oldestKept).isEqualTo(d1.get(2).id());
        assertThat(store.activities().purgeDomainBefore("d1", oldestKept, 4)).isEqualTo(4);
        assertThat(causes("d1")).as("the oldest went first").containsExactly("d1 #9", "d1 #8", "d1 #7", "d1 #6",
                "d1 #5", "d1 #4");
        assertThat(store.activities().purgeDomainBefore("d1", oldestKept, 4)).isEqualTo(3);
        assertThat(store.activities().purgeDomainBefore("d1", oldestKept, 4)).isZero();
        assertThat(causes("d1")).containsExactly("d1 #9", "d1 #8", "d1 #7");
        assertThat(store.activities().list("d2", 0, 1000)).as("other domains untouched").isEqualTo(d2);

        assertThat(store.activities().oldestKept("d2", 5)).as("fewer than the cap: nothing to trim").isZero();
        assertThat(store.activities().oldestKept("d2", 4)).isEqualTo(d2.getLast().id());
        assertThat(store.activities().purgeDomainBefore("d2", d2.getLast().id(), 100)).isZero();
        assertThat(store.activities().oldestKept("d2", 1)).isEqualTo(d2.getFirst().id());
        assertThat(store.activities().oldestKept("nope", 1)).isZero();
    }

    @Test
    void theDomainsWithActivitiesAppendedAfterAnIdAreFound() {
        assertThat(store.activities().newestId()).isZero();
        assertThat(store.activities().domainsAppendedAfter(0)).isEmpty();
        store.domains().insert(domain("d1", alice.id(), "web", 1));
        store.domains().insert(domain("d2", alice.id(), "db", 1));
        store.domains().insert(domain("d3", alice.id(), "app", 1));
        activity("d1", T0, "a");
        long afterD1 = activity("d2", T0, "b").id();
        activity("d3", T0, "c");
        long last = activity("d3", T0, "d").id();

        assertThat(store.activities().newestId()).isEqualTo(last);
        assertThat(store.activities().domainsAppendedAfter(0)).containsExactlyInAnyOrder("d1", "d2", "d3");
        assertThat(store.activities().domainsAppendedAfter(afterD1)).containsExactly("d3");
        assertThat(store.activities().domainsAppendedAfter(last)).isEmpty();
    }

    @Test
    void aFailedTransactionStoresNothing() {
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.launchConfigurations().insert(lc("lc1", alice.id(), "web"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.launchConfigurations().list(alice.id())).isEmpty();

        store.inTransaction(tx -> {
            tx.launchConfigurations().insert(lc("lc1", alice.id(), "web"));
            assertThat(tx.launchConfigurations().lockByName(alice.id(), "web")).isPresent();
            return null;
        });
        assertThat(store.launchConfigurations().list(alice.id())).hasSize(1);
    }
}
