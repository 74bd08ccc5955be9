package dev.specter.control;

import dev.specter.cloud.AccountResolver;
import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.SiteSnapshot;
import dev.specter.plugin.CloudSites;
import dev.specter.site.SiteDefinition;
import dev.specter.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Describes the sites (the informer of a Kubernetes controller, polling): each round asks a site
 * for every VM of this installation, once per account with something there, keeps the answer in
 * {@link SiteObservations} for the reconciler, hands it to the {@link ZombieCollector}, and tells
 * {@code changed} about every domain whose VMs appeared, changed state or vanished.
 */
final class SiteInformer {
    private static final Logger LOG = LoggerFactory.getLogger(SiteInformer.class);

    private final CloudSites clouds;
    private final InstanceStore instances;
    private final AccountResolver accounts;
    private final SiteObservations observations;
    private final ZombieCollector zombies;
    private final InstantSource clock;
    private final String installation;
    private final Consumer<String> changed;
    private final Set<String> describing = ConcurrentHashMap.newKeySet();

    SiteInformer(CloudSites clouds, InstanceStore instances, AccountResolver accounts, SiteObservations observations,
                 ZombieCollector zombies, InstantSource clock, String installation, Consumer<String> changed) {
        this.clouds = clouds;
        this.instances = instances;
        this.accounts = accounts;
        this.observations = observations;
        this.zombies = zombies;
        this.clock = clock;
        this.installation = installation;
        this.changed = changed;
    }

    /** One describe round of a site; none when the previous one is still running (a slow site). */
    void describe(SiteDefinition site) {
        if (!describing.add(site.name())) {
            return; // do not pile up
        }
        try {
            for (CloudAccount account : accountsToDescribe(site)) {
                describe(clouds.of(site.name()), account);
            }
        } catch (RuntimeException e) {
            LOG.error("describing {} failed", site.name(), e);
        } finally {
            describing.remove(site.name());
        }
    }

    private List<CloudAccount> accountsToDescribe(SiteDefinition site) {
        if (!site.credentialsRequired()) {
            return List.of(CloudAccount.anonymous(site.name()));
        }
        Map<String, CloudAccount> distinct = new HashMap<>();
        for (long owner : instances.ownersLiveOn(site.name())) {
            accounts.account(owner, site.name()).ifPresent(a -> distinct.putIfAbsent(a.id(), a));
        }
        return List.copyOf(distinct.values());
    }

    private void describe(CloudGateway gateway, CloudAccount account) {
        Instant started = clock.instant();
        List<ObservedVm> vms;
        try {
            vms = gateway.describe(account, installation);
        } catch (CloudException e) {
            if (observations.failed(account)) {
                LOG.warn("{} stopped answering describes ({}); treating it as out of service", account.site(),
                        e.getMessage());
                // the domains with VMs there must re-plan around it (those whose launches there are
                // still unanswered are not settled and come back on their resync)
                SiteSnapshot last = observations.latest(account);
                if (last != null) {
                    domainsOf(last.byToken().values()).forEach(changed);
                }
            }
            return;
        }
        SiteSnapshot now = SiteSnapshot.of(started, vms);
        SiteSnapshot before = observations.succeeded(account, now);
        zombies.collect(gateway, account, before, now);
        changedDomains(before, now).forEach(changed);
    }

    /** The domains whose VMs appeared, changed state or vanished between two describes. */
    static Set<String> changedDomains(SiteSnapshot before, SiteSnapshot now) {
        Set<String> out = new HashSet<>();
        for (ObservedVm vm : now.byToken().values()) {
            ObservedVm old = before == null ? null : before.vm(vm.token());
            if (old == null || old.state() != vm.state()) {
                out.add(vm.tag(OwnershipTags.DOMAIN));
            }
        }
        if (before != null) {
            before.byToken().forEach((token, vm) -> {
                if (now.vm(token) == null) {
                    out.add(vm.tag(OwnershipTags.DOMAIN));
                }
            });
        }
        out.remove(null);
        return out;
    }

    private static Set<String> domainsOf(Collection<ObservedVm> vms) {
        Set<String> out = new HashSet<>();
        vms.forEach(vm -> out.add(vm.tag(OwnershipTags.DOMAIN)));
        out.remove(null);
        return out;
    }
}
