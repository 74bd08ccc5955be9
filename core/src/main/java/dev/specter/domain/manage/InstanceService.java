package dev.specter.domain.manage;

import dev.specter.domain.Domain;
import dev.specter.domain.DomainChangeListener;
import dev.specter.domain.DomainDefinition;
import dev.specter.domain.MetricPolicy;
import dev.specter.domain.MultiCloudPolicy;
import dev.specter.error.NotFoundException;
import dev.specter.instance.Instance;
import dev.specter.store.Store;

import java.util.OptionalLong;

/** What users may do to a single instance: ask for it to be terminated. */
public final class InstanceService {
    private final Store store;
    private final DomainService domains;
    private final DomainChangeListener listener;

    public InstanceService(Store store, DomainService domains, DomainChangeListener listener) {
        this.store = store;
        this.domains = domains;
        this.listener = listener;
    }

    /**
     * Records that the user wants the VM gone; the control loop terminates it. Without
     * {@code adjustPolicy} the engine replaces it; with it the domain's size ({@code vm_count}, or a
     * sensor or target domain's minimum and decided size) is lowered by one in the same commit, so it is not replaced.
     * Terminating an instance that is already terminal is accepted and changes nothing.
     */
    public void terminate(long owner, String domainId, String instanceId, boolean adjustPolicy) {
        Domain d = store.domains().byIdAnyState(domainId).filter(x -> x.owner() == owner)
                .orElseThrow(() -> new NotFoundException("Domain " + domainId + " not found"));
        Instance i = store.instances().byId(domainId, instanceId)
                .orElseThrow(() -> new NotFoundException("Instance " + instanceId + " not found"));
        if (i.state().terminal()) {
            return;
        }
        if (adjustPolicy && !d.deleted()) {
            domains.change(owner, domainId, InstanceService::oneFewer, OptionalLong.empty(), tx -> {
                tx.instances().requestTermination(domainId, instanceId);
                tx.scaling().shrinkByOne(domainId); // a metric engine's decided size, too
            });
        } else {
            store.instances().requestTermination(domainId, instanceId);
            listener.domainChanged(domainId);
        }
    }

    private static DomainDefinition oneFewer(DomainDefinition d) {
        return d.withPolicy(switch (d.policy()) {
            case MultiCloudPolicy m -> new MultiCloudPolicy(Math.max(0, m.vmCount() - 1));
            case MetricPolicy p -> p.withMinimumVms(Math.max(0, p.minimumVms() - 1));
        });
    }
}
