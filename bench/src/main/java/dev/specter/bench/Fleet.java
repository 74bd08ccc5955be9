package dev.specter.bench;

import dev.specter.domain.MetricSettings;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.sim.SimCloud;
import dev.specter.cloud.sim.SimSettings;
import dev.specter.config.ConfigLoader;
import dev.specter.domain.Domain;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.domain.ScalingPolicy;
import dev.specter.instance.Instance;
import dev.specter.instance.LifecycleState;
import dev.specter.launch.LaunchConfiguration;
import dev.specter.launch.SiteLaunchParams;
import dev.specter.server.Databases;
import dev.specter.server.SpecterServer;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;
import dev.specter.user.NewAccount;
import dev.specter.user.Tokens;
import dev.specter.user.manage.Accounts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A world loaded straight into the store and the simulated cloud before the server starts:
 * {@code domains} domains of {@code vmsPerDomain} RUNNING VMs on {@code hotel}, as if Specter had
 * launched them (the same ids, tokens and ownership tags). Loading through the API would take far
 * longer and measure the loading, not the steady state.
 */
record Fleet(long userId, String token, List<String> domainIds) {
    static final String SITE = "hotel";

    static Fleet load(Path dir, int domains, int vmsPerDomain) throws CloudException {
        return load(dir, domains, vmsPerDomain, new MultiCloudPolicy(vmsPerDomain));
    }

    /** Domains of {@code policy}, each with {@code vmsPerDomain} running VMs. */
    static Fleet load(Path dir, int domains, int vmsPerDomain, ScalingPolicy policy) throws CloudException {
        var config = ConfigLoader.load(null, Map.of(), SpecterServer.DRIVER_KINDS).withDataDir(dir);
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>();
        NewAccount account;
        String installation;
        try (Database db = Databases.open(config)) {
            SqlStore store = new SqlStore(db);
            installation = store.installationId();
            account = new Accounts(store.users(), InstantSource.system()).create("bench", "bench-password");
            long owner = account.user().id();
            store.launchConfigurations().insert(new LaunchConfiguration(Tokens.randomId(12), owner, "lc",
                    Map.of(SITE, new SiteLaunchParams("img", "m1.small", -1, true, 1, null)), "none", null, false,
                    now, now));
            for (int from = 0; from < domains; from += 500) {
                int to = Math.min(domains, from + 500);
                List<Domain> chunk = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    chunk.add(new Domain(id, owner, "d" + i, "lc", policy, List.of(),
                            List.of(), MetricSettings.DEFAULT, 1, now, now, null));
                }
                store.inTransaction(tx -> {
                    chunk.forEach(tx.domains()::insert);
                    return null;
                });
            }
            try (SimCloud sim = new SimCloud(SITE, new SimSettings(Duration.ZERO, Duration.ZERO, -1, 0, 0, 0,
                    Duration.ZERO, 0, Duration.ofSeconds(60), 1), dir.resolve("sim"), InstantSource.system())) {
                List<Instance> rows = new ArrayList<>();
                List<VmSpec> specs = new ArrayList<>();
                for (String domainId : ids) {
                    String batch = Tokens.randomId(16);
                    for (int k = 0; k < vmsPerDomain; k++) {
                        String token = batch + "-" + k;
                        specs.add(new VmSpec(token, "img", "m1.small", null, null,
                                OwnershipTags.of(installation, token, domainId, owner, batch)));
                        rows.add(Instance.requesting(token, domainId, owner, SITE, batch, "img", "m1.small", null, null,
                                "preloaded", now));
                    }
                    if (specs.size() >= 2000) {
                        flush(store, sim, rows, specs, now);
                    }
                }
                flush(store, sim, rows, specs, now);
            }
        }
        return new Fleet(account.user().id(), account.token(), ids);
    }

    /** One launch call and one insert batch for up to 2,000 VMs, recorded as RUNNING with their cloud facts. */
    private static void flush(SqlStore store, SimCloud sim, List<Instance> rows, List<VmSpec> specs, Instant now)
            throws CloudException {
        if (specs.isEmpty()) {
            return;
        }
        var launched = sim.launch(CloudAccount.anonymous(SITE), new LaunchBatch("preload", specs)).launched();
        Map<String, dev.specter.cloud.ObservedVm> byToken = new java.util.HashMap<>();
        launched.forEach(vm -> byToken.put(vm.token(), vm));
        List<Instance> running = rows.stream().map(i -> {
            var vm = byToken.get(i.id());
            return i.withCloudFacts(vm.iaasId(), "vm." + i.id(), "198.18.0.1", vm.privateIp())
                    .moveTo(LifecycleState.RUNNING, "running at the cloud", now);
        }).toList();
        store.inTransaction(tx -> {
            tx.instances().insertAll(running);
            return null;
        });
        rows.clear();
        specs.clear();
    }
}
