package dev.specter.control;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.instance.Instance;
import dev.specter.store.InstanceStore;
import dev.specter.zombie.ZombieRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Terminates the zombies among what a describe found ({@link ZombieRules}) and records each as an
 * activity of the domain its tag names.
 */
final class ZombieCollector {
    private static final Logger LOG = LoggerFactory.getLogger(ZombieCollector.class);

    private final InstanceStore instances;
    private final ActivityRecorder activities;
    private final Map<String, AtomicLong> rounds = new ConcurrentHashMap<>();

    ZombieCollector(InstanceStore instances, ActivityRecorder activities) {
        this.instances = instances;
        this.activities = activities;
    }

    /** @param before the account's previous describe, or null */
    void collect(CloudGateway gateway, CloudAccount account, SiteSnapshot before, SiteSnapshot now) {
        long round = rounds.computeIfAbsent(account.id(), k -> new AtomicLong()).getAndIncrement();
        ZombieRules.Check check = ZombieRules.check(before, now, round);
        // a full check compares against the site's live records in one query, not every VM by id
        Set<String> live = check.full() && !check.candidates().isEmpty()
                ? instances.liveIdsOn(account.site()) : Set.of();
        List<String> unaccounted = check.tokens().stream().filter(t -> !live.contains(t)).toList();
        Map<String, Instance> records = new HashMap<>();
        if (!unaccounted.isEmpty()) {
            instances.byIds(unaccounted).forEach(i -> records.put(i.id(), i));
        }
        List<ZombieRules.Zombie> zombies = ZombieRules.zombies(check, live, records);
        if (zombies.isEmpty()) {
            return;
        }
        try {
            gateway.terminate(account, zombies.stream().map(z -> z.vm().iaasId()).toList());
        } catch (CloudException e) {
            LOG.warn("terminating {} zombie VMs at {} failed: {}", zombies.size(), account.site(), e.getMessage());
            return;
        }
        for (ZombieRules.Zombie z : zombies) {
            ObservedVm vm = z.vm();
            LOG.warn("terminated zombie VM {} ({}) at {}: {}", vm.iaasId(), vm.token(), account.site(), z.why());
            String domainId = vm.tag(OwnershipTags.DOMAIN);
            if (domainId != null) {
                activities.record(domainId, "zombie", "VM " + vm.iaasId() + " at " + account.site()
                        + " carries this domain's tag but " + z.why(), "terminated it", "ok", account.site(), 1);
            }
        }
    }
}
