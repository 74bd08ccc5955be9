package dev.specter.reconcile;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.CloudGateway;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.domain.Domain;
import dev.specter.instance.Instance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Makes one pass's cloud calls: per site, one terminate for every VM of the domain to go there, then
 * one launch per batch; sites in parallel, each on a virtual thread, calls within a site in turn.
 * Every call returns its {@link CallResult} and touches nothing else: the pass applies the results
 * on its own thread once all calls are done.
 */
final class Actuator {
    private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);
    private final Gateways gateways;
    private final String installation;
    private final InstantSource clock;

    Actuator(Gateways gateways, String installation, InstantSource clock) {
        this.gateways = gateways;
        this.installation = installation;
        this.clock = clock;
    }

    /** A site's calls, with the gateway and account they go through. */
    private record SiteCalls(String site, CloudGateway gateway, CloudAccount account, List<Instance> terminations,
                             List<PlannedLaunch> launches) {
    }

    /**
     * @param accounts the domain owner's account at each site; called on the caller's thread only
     * @return one result per call made; a site without gateway or account is not called
     */
    List<CallResult> call(Domain domain, List<Instance> terminations, List<PlannedLaunch> launches,
                          Function<String, Optional<CloudAccount>> accounts) {
        List<SiteCalls> sites = bySite(terminations, launches, accounts);
        if (sites.size() <= 1) {
            return sites.isEmpty() ? List.of() : calls(domain, sites.getFirst());
        }
        List<CallResult> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<CallResult>>> running = sites.stream()
                    .map(s -> threads.submit(() -> calls(domain, s))).toList();
            for (Future<List<CallResult>> f : running) {
                try {
                    results.addAll(f.get());
                } catch (ExecutionException e) {
                    LOG.error("cloud calls for domain {} failed", domain.id(), e.getCause());
                } catch (InterruptedException e) {
                    // the calls still out are resolved by describing their sites, as after a crash
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return results;
    }

    private List<SiteCalls> bySite(List<Instance> terminations, List<PlannedLaunch> launches,
                                   Function<String, Optional<CloudAccount>> accounts) {
        Map<String, List<Instance>> terminate = new LinkedHashMap<>();
        terminations.forEach(i -> terminate.computeIfAbsent(i.site(), s -> new ArrayList<>()).add(i));
        Map<String, List<PlannedLaunch>> launch = new LinkedHashMap<>();
        launches.forEach(l -> launch.computeIfAbsent(l.site(), s -> new ArrayList<>()).add(l));
        List<String> order = new ArrayList<>(terminate.keySet());
        launch.keySet().stream().filter(s -> !terminate.containsKey(s)).forEach(order::add);
        List<SiteCalls> out = new ArrayList<>();
        for (String site : order) {
            CloudGateway gateway = gateways.of(site);
            Optional<CloudAccount> account = accounts.apply(site);
            if (gateway == null || account.isEmpty()) {
                LOG.warn("cannot call {}: no gateway or account; left to terminate: {}, to launch: {}", site,
                        terminate.getOrDefault(site, List.of()).stream().map(Instance::iaasId).toList(),
                        launch.getOrDefault(site, List.of()).stream().map(PlannedLaunch::batchId).toList());
                continue;
            }
            out.add(new SiteCalls(site, gateway, account.get(), terminate.getOrDefault(site, List.of()),
                    launch.getOrDefault(site, List.of())));
        }
        return out;
    }

    private List<CallResult> calls(Domain domain, SiteCalls s) {
        List<CallResult> results = new ArrayList<>();
        if (!s.terminations().isEmpty()) {
            results.add(terminate(s));
        }
        s.launches().forEach(l -> results.add(launch(domain, s, l)));
        return results;
    }

    private CallResult terminate(SiteCalls s) {
        List<String> iaasIds = s.terminations().stream().map(Instance::iaasId).toList();
        try {
            s.gateway().terminate(s.account(), iaasIds);
            return new CallResult.Terminated(s.site(), s.terminations());
        } catch (CloudException e) {
            return new CallResult.TerminateFailed(s.site(), s.terminations(), e);
        } catch (RuntimeException e) {
            LOG.error("terminating {} at {} failed unexpectedly", iaasIds, s.site(), e);
            return new CallResult.TerminateFailed(s.site(), s.terminations(), unexpected("terminating", s, e));
        }
    }

    private CallResult launch(Domain domain, SiteCalls s, PlannedLaunch l) {
        List<VmSpec> specs = l.instances().stream().map(i -> new VmSpec(i.id(), i.imageId(), i.instanceType(),
                i.keyname(), i.userData(), OwnershipTags.of(installation, i.id(), domain.id(), domain.owner(),
                l.batchId()))).toList();
        try {
            return new CallResult.Launched(l, s.gateway().launch(s.account(), new LaunchBatch(l.batchId(), specs)),
                    clock.instant());
        } catch (CloudException e) {
            return new CallResult.LaunchFailed(l, e, clock.instant());
        } catch (RuntimeException e) {
            LOG.error("launching batch {} at {} failed unexpectedly", l.batchId(), s.site(), e);
            return new CallResult.LaunchFailed(l, unexpected("launching", s, e), clock.instant());
        }
    }

    /** A failure the gateway did not classify: whether the cloud acted is unknown. */
    private static CloudException unexpected(String what, SiteCalls s, RuntimeException e) {
        return new CloudException(CloudErrorKind.TRANSIENT, what + " at " + s.site() + " failed: " + e, e);
    }
}
