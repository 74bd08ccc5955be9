package dev.specter.cloud.sim;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudDriver;
import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.LaunchResult;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.VmState;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The built-in IaaS of one simulated site. It behaves like a real cloud in the ways the control loop
 * must cope with: VMs take time to boot and may fail to, capacity runs out, calls are slow, throttled,
 * fail, or succeed with their reply lost. It honours idempotency tokens (a token never makes a second
 * VM), assigns {@code i-} ids, hostnames and addresses, counts every call it receives, and keeps its
 * VMs on disk so they outlive a Specter restart.
 */
public final class SimCloud implements CloudDriver, AutoCloseable {
    private static final Duration TOKEN_MEMORY = Duration.ofHours(24);
    private final String site;
    private final SimSettings settings;
    private final InstantSource clock;
    private final SimJournal journal;
    private final SimFaults faults = new SimFaults();
    private final SimCalls calls = new SimCalls();
    private final Map<String, SimVm> byToken;
    private final Map<String, String> tokenByIaasId = new HashMap<>();
    private final Map<String, Set<String>> tokensByDomain = new HashMap<>();
    private final Map<String, Map<String, String>> keys;
    private long live;
    private final SplittableRandom random;
    private volatile java.util.function.Consumer<LaunchBatch> launchWatcher = b -> { };
    private long serial;
    private double tokens;
    private long lastRefill;

    public SimCloud(String site, SimSettings settings, Path stateDir, InstantSource clock) {
        this.site = site;
        this.settings = settings;
        this.clock = clock;
        this.journal = new SimJournal(stateDir, site);
        SimJournal.State state = journal.load();
        this.byToken = new LinkedHashMap<>(state.vms());
        this.keys = state.keys();
        this.serial = byToken.size();
        byToken.values().forEach(vm -> {
            tokenByIaasId.put(vm.iaasId(), vm.token());
            indexDomain(vm);
            live += vm.alive() ? 1 : 0;
        });
        this.random = settings.seed() == 0 ? new SplittableRandom() : new SplittableRandom(settings.seed());
        this.lastRefill = clock.millis();
    }

    public String site() {
        return site;
    }

    public SimFaults faults() {
        return faults;
    }

    public SimCalls calls() {
        return calls;
    }

    /** Told of every launch call as it arrives, before anything else happens (benchmarks time the control loop by it). */
    public void watchLaunches(java.util.function.Consumer<LaunchBatch> watcher) {
        this.launchWatcher = watcher;
    }

    @Override
    public LaunchResult launch(CloudAccount account, LaunchBatch batch) throws CloudException {
        launchWatcher.accept(batch);
        calls.launch.incrementAndGet();
        enter();
        boolean loseReply;
        List<ObservedVm> launched = new ArrayList<>();
        Map<String, CloudException> refused = new HashMap<>();
        synchronized (this) {
            if (random.nextDouble() < faults.launchFailureRate(settings)) {
                throw new CloudException(CloudErrorKind.TRANSIENT, "InternalError: the simulated " + site
                        + " API failed the launch request (nothing was launched)");
            }
            loseReply = random.nextDouble() < faults.launchLostReplyRate(settings);
            long now = clock.millis();
            int capacity = faults.capacity(settings);
            List<SimVm> created = new ArrayList<>();
            for (VmSpec spec : batch.vms()) {
                SimVm existing = byToken.get(spec.token());
                if (existing != null) {
                    launched.add(observe(existing, now));
                    continue;
                }
                if (capacity >= 0 && live >= capacity) {
                    refused.put(spec.token(), new CloudException(CloudErrorKind.CAPACITY,
                            "InsufficientInstanceCapacity: " + site + " holds at most " + capacity + " VMs"));
                    continue;
                }
                SimVm vm = create(account, spec, now);
                created.add(vm);
                byToken.put(vm.token(), vm);
                tokenByIaasId.put(vm.iaasId(), vm.token());
                indexDomain(vm);
                live++;
                launched.add(observe(vm, now));
            }
            if (!created.isEmpty()) {
                journal.launched(created);
                calls.vmsCreated.addAndGet(created.size());
            }
            compactIfDue();
        }
        if (loseReply) {
            throw new CloudException(CloudErrorKind.TRANSIENT, "connection reset while reading the launch reply from "
                    + site + " (the launch may have happened)");
        }
        return new LaunchResult(launched, refused);
    }

    @Override
    public void terminate(CloudAccount account, List<String> iaasIds) throws CloudException {
        calls.terminate.incrementAndGet();
        enter();
        synchronized (this) {
            long now = clock.millis();
            List<String> done = new ArrayList<>();
            for (String iaasId : iaasIds) {
                String token = tokenByIaasId.get(iaasId);
                SimVm vm = token == null ? null : byToken.get(token);
                if (vm != null && vm.alive() && vm.account().equals(account.accessKey())) {
                    byToken.put(token, vm.terminated(now));
                    live--;
                    done.add(token);
                }
            }
            if (!done.isEmpty()) {
                journal.terminated(done, now);
            }
        }
    }

    @Override
    public List<ObservedVm> describe(CloudAccount account, String installation) throws CloudException {
        calls.describe.incrementAndGet();
        enter();
        synchronized (this) {
            long now = clock.millis();
            forgetOldTerminated(now);
            long visibility = settings.terminatedVisibility().toMillis();
            List<ObservedVm> out = new ArrayList<>();
            for (SimVm vm : byToken.values()) {
                if (!vm.alive() && now - vm.terminatedAt() > visibility) {
                    continue;
                }
                if (vm.account().equals(account.accessKey())
                        && installation.equals(vm.tags().get(OwnershipTags.INSTALLATION))) {
                    out.add(observe(vm, now));
                }
            }
            return out;
        }
    }

    @Override
    public void importKeyPair(CloudAccount account, String name, String publicKey) throws CloudException {
        calls.keyPairs.incrementAndGet();
        enter();
        synchronized (this) {
            keys.computeIfAbsent(account.accessKey(), a -> new HashMap<>()).put(name, publicKey);
            journal.keyImported(account.accessKey(), name, publicKey);
        }
    }

    @Override
    public List<String> keyPairs(CloudAccount account) throws CloudException {
        calls.keyPairs.incrementAndGet();
        enter();
        synchronized (this) {
            return keys.getOrDefault(account.accessKey(), Map.of()).keySet().stream().sorted().toList();
        }
    }

    /**
     * Every VM a simulated site has on disk, read without opening it: for checking, from outside, what
     * the cloud holds while (or after) a Specter process runs it. The read may miss the call being
     * written at that instant.
     */
    public static List<ObservedVm> inspect(Path stateDir, String site, InstantSource clock) {
        SimCloud view = new SimCloud(site, SimSettings.DEFAULT, clock, new SimJournal(stateDir, site).read());
        return view.all();
    }

    private SimCloud(String site, SimSettings settings, InstantSource clock, SimJournal.State state) {
        this.site = site;
        this.settings = settings;
        this.clock = clock;
        this.journal = null;
        this.byToken = new LinkedHashMap<>(state.vms());
        this.keys = state.keys();
        this.random = new SplittableRandom();
    }

    /** Every VM the site holds now, whoever launched it (for tests and inspection). */
    public synchronized List<ObservedVm> all() {
        long now = clock.millis();
        return byToken.values().stream().map(vm -> observe(vm, now)).toList();
    }

    /** Live (not terminated) VMs at the site. */
    public synchronized long liveCount() {
        return live;
    }

    /**
     * What the VM with this cloud id runs, for its synthetic metrics: its user data, when it started
     * running (null while booting, failed or terminated) and its domain tag.
     */
    public record Running(String userData, Instant runningSince, String domain) {
    }

    public synchronized Optional<Running> running(String iaasId) {
        SimVm vm = Optional.ofNullable(tokenByIaasId.get(iaasId)).map(byToken::get).orElse(null);
        if (vm == null) {
            return Optional.empty();
        }
        ObservedVm seen = observe(vm, clock.millis());
        return Optional.of(new Running(vm.userData(), seen.state() == VmState.RUNNING
                ? Instant.ofEpochMilli(vm.launchedAt() + vm.bootMillis()) : null, vm.tags().get(OwnershipTags.DOMAIN)));
    }

    /** How many of the domain's VMs run here now, and when its first VM here was launched (null if none). */
    public record DomainPresence(int running, Instant firstLaunch) {
    }

    public synchronized DomainPresence presence(String domainId) {
        long now = clock.millis();
        int running = 0;
        long first = Long.MAX_VALUE;
        for (String token : tokensByDomain.getOrDefault(domainId, Set.of())) {
            SimVm vm = byToken.get(token);
            first = Math.min(first, vm.launchedAt());
            if (observe(vm, now).state() == VmState.RUNNING) {
                running++;
            }
        }
        return new DomainPresence(running, first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first));
    }

    private void indexDomain(SimVm vm) {
        String domain = vm.tags().get(OwnershipTags.DOMAIN);
        if (domain != null) {
            tokensByDomain.computeIfAbsent(domain, k -> new HashSet<>()).add(vm.token());
        }
    }

    /** The user data a VM was launched with, as the VM itself would read it. */
    public synchronized String userData(String token) {
        SimVm vm = byToken.get(token);
        return vm == null ? null : vm.userData();
    }

    private SimVm create(CloudAccount account, VmSpec spec, long now) {
        serial++;
        long jitter = settings.bootJitter().toMillis();
        long boot = Math.max(0, settings.bootTime().toMillis() + (jitter == 0 ? 0 : random.nextLong(-jitter, jitter + 1)));
        boolean fails = random.nextDouble() < faults.bootFailureRate(settings);
        String iaasId;
        do {
            iaasId = String.format("i-%016x%x", random.nextLong(), random.nextInt(16));
        } while (tokenByIaasId.containsKey(iaasId));
        long n = serial;
        return new SimVm(spec.token(), iaasId, account.accessKey(), spec.imageId(), spec.instanceType(),
                spec.keyName(), spec.userData(), spec.tags(), "vm-" + n + "." + site + ".sim.specter",
                "198.18." + ((n >> 8) & 0xFF) + "." + (n & 0xFF),
                "10." + (Math.abs(site.hashCode()) % 250) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF),
                now, boot, fails, 0);
    }

    private ObservedVm observe(SimVm vm, long now) {
        VmState state;
        if (!vm.alive()) {
            state = VmState.TERMINATED;
        } else if (now < vm.launchedAt() + vm.bootMillis()) {
            state = VmState.PENDING;
        } else {
            state = vm.bootFails() ? VmState.FAILED : VmState.RUNNING;
        }
        boolean addressed = state == VmState.RUNNING;
        return new ObservedVm(vm.tags().get(OwnershipTags.INSTANCE) == null ? null : vm.token(), vm.iaasId(), state,
                addressed ? vm.hostname() : null, addressed ? vm.publicIp() : null, vm.privateIp(), vm.tags());
    }

    /**
     * Terminated VMs drop out of describes after {@code terminated_visibility}, as at real clouds;
     * their tokens stay spent for a day, then the simulator forgets them.
     */
    private void forgetOldTerminated(long now) {
        List<String> old = new ArrayList<>();
        for (SimVm vm : byToken.values()) {
            if (!vm.alive() && now - vm.terminatedAt() > TOKEN_MEMORY.toMillis()) {
                old.add(vm.token());
            }
        }
        if (!old.isEmpty()) {
            for (String t : old) {
                SimVm vm = byToken.remove(t);
                tokenByIaasId.remove(vm.iaasId());
                String domain = vm.tags().get(OwnershipTags.DOMAIN);
                Set<String> tokens = domain == null ? null : tokensByDomain.get(domain);
                if (tokens != null && tokens.remove(t) && tokens.isEmpty()) {
                    tokensByDomain.remove(domain);
                }
            }
            journal.forgotten(old);
        }
    }

    /** Latency, outage and throttling, applied to every call before it does anything. */
    private void enter() throws CloudException {
        Duration latency = faults.latency(settings);
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException(CloudErrorKind.TRANSIENT, "call to " + site + " interrupted");
            }
        }
        if (faults.down()) {
            throw new CloudException(CloudErrorKind.TRANSIENT, "the simulated site " + site + " is unreachable");
        }
        double rate = faults.maxCallsPerSecond(settings);
        if (rate > 0) {
            synchronized (this) {
                long now = clock.millis();
                tokens = Math.min(rate, tokens + (now - lastRefill) / 1000.0 * rate);
                lastRefill = now;
                if (tokens < 1) {
                    calls.refusedThrottled.incrementAndGet();
                    throw new CloudException(CloudErrorKind.THROTTLED, "RequestLimitExceeded: " + site
                            + " allows " + rate + " calls per second");
                }
                tokens -= 1;
            }
        }
    }

    private void compactIfDue() {
        if (journal.wantsCompaction()) {
            journal.compact(byToken.values(), keys);
        }
    }

    @Override
    public synchronized void close() {
        journal.compact(byToken.values(), keys);
        journal.close();
    }
}
