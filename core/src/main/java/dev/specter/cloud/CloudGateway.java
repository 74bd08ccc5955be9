package dev.specter.cloud;

import dev.specter.validation.Text;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one place where a site's API calls are limited, timed out and retried: every driver call of the
 * control loop goes through the gateway of its site. Concurrency is bounded per site so a slow
 * site holds at most {@link GatewaySettings#maxConcurrentCalls} calls and never starves the others;
 * a call abandoned at its timeout holds its slot until the driver returns from it ({@link CallSlots}).
 *
 * <p>Retries use exponential back-off with full jitter. Describes, terminations and key operations
 * are idempotent and retried on throttling and transient errors. A launch is retried only when
 * throttled (the call certainly did nothing); after a transient error its outcome is unknown and is
 * left to the reconciler to resolve by describing, never by launching blindly again.
 *
 * <p>The rate limit is resilience4j's. Retry, slots and timeout are not: its Retry sleeps through one
 * static function shared by the whole JVM, its TimeLimiter and Bulkhead wait on the wall clock, and
 * every wait here goes through the {@link GatewayClock} the gateway is given.
 */
public final class CloudGateway implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CloudGateway.class);
    /** How a gateway on the machine's time waits; tests of other parts pass one that returns at once. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String site;
    private final CloudDriver driver;
    private final GatewaySettings settings;
    private final GatewayClock clock;
    private final CallSlots slots;
    /** Null when the site's rate is unlimited. */
    private final RateLimiter rate;

    public CloudGateway(String site, CloudDriver driver, GatewaySettings settings, GatewayClock clock) {
        this.site = site;
        this.driver = driver;
        this.settings = settings;
        this.clock = clock;
        this.slots = new CallSlots(site, settings.maxConcurrentCalls(), settings.callTimeout(), clock);
        this.rate = settings.callsPerSecond() > 0 ? RateLimiter.of(site, rateLimit(settings), clock::nanoTime) : null;
    }

    public CloudGateway(String site, CloudDriver driver, GatewaySettings settings, Sleeper sleeper) {
        this(site, driver, settings, GatewayClock.system(sleeper));
    }

    public CloudGateway(String site, CloudDriver driver, GatewaySettings settings) {
        this(site, driver, settings, Thread::sleep);
    }

    /**
     * A second's worth of calls (at least one) per period of the length that makes them the given rate:
     * 5/s is 5 per second, 0.5/s is 1 per 2 s. A call waits at most its timeout for a permit.
     */
    private static RateLimiterConfig rateLimit(GatewaySettings s) {
        int perPeriod = (int) Math.ceil(s.callsPerSecond());
        return RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(Duration.ofNanos(Math.round(perPeriod * 1e9 / s.callsPerSecond())))
                .timeoutDuration(s.callTimeout())
                .build();
    }

    public String site() {
        return site;
    }

    public LaunchResult launch(CloudAccount account, LaunchBatch batch) throws CloudException {
        LOG.debug("launching batch {} of {} VMs at {} as {}", batch.batchId(), batch.vms().size(), site, account);
        return recordable(call("launch", () -> driver.launch(account, batch), false));
    }

    public void terminate(CloudAccount account, List<String> iaasIds) throws CloudException {
        call("terminate", () -> {
            driver.terminate(account, iaasIds);
            return null;
        }, true);
    }

    public List<ObservedVm> describe(CloudAccount account, String installation) throws CloudException {
        return call("describe", () -> driver.describe(account, installation), true).stream().map(this::recordable)
                .toList();
    }

    /**
     * What a cloud reports goes into columns of fixed size, and an EC2-compatible cloud may report
     * anything. Hostname and addresses are clipped here, so the facts the control loop holds are the
     * ones stored (else every describe would see them changed and write them again). A VM whose id does
     * not fit cannot be managed: a launch counts it as refused, and a describe takes its token away,
     * making it a stray that the zombie sweep terminates by the full id it reported.
     */
    private LaunchResult recordable(LaunchResult r) {
        List<ObservedVm> launched = new ArrayList<>();
        Map<String, CloudException> refused = new HashMap<>(r.refused());
        for (ObservedVm vm : r.launched()) {
            if (vm.recordable()) {
                launched.add(vm.clipped());
            } else if (vm.token() != null) {
                refused.put(vm.token(), new CloudException(CloudErrorKind.INVALID_CONFIG, unrecordable(vm)));
            }
        }
        return new LaunchResult(launched, refused);
    }

    private ObservedVm recordable(ObservedVm vm) {
        if (vm.recordable()) {
            return vm.clipped();
        }
        if (vm.token() != null) {
            LOG.warn("{}; terminating it as a zombie", unrecordable(vm));
        }
        return vm.withoutToken();
    }

    private String unrecordable(ObservedVm vm) {
        return site + " gave VM " + vm.token() + " an id of " + vm.iaasId().length() + " characters ("
                + Text.clip(vm.iaasId(), 40) + "), more than the " + ObservedVm.MAX_IAAS_ID_LENGTH
                + " an instance record holds, so Specter cannot manage it";
    }

    public void importKeyPair(CloudAccount account, String name, String publicKey) throws CloudException {
        call("import key pair", () -> {
            driver.importKeyPair(account, name, publicKey);
            return null;
        }, true);
    }

    public List<String> keyPairs(CloudAccount account) throws CloudException {
        return call("list key pairs", () -> driver.keyPairs(account), true);
    }

    private <T> T call(String what, CallSlots.Call<T> call, boolean idempotent) throws CloudException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(what, call);
            } catch (CloudException e) {
                boolean retryable = e.kind() == CloudErrorKind.THROTTLED
                        || (idempotent && e.kind() == CloudErrorKind.TRANSIENT);
                if (!retryable || attempt >= settings.maxAttempts()) {
                    throw e;
                }
                pause(backoff(attempt));
            }
        }
    }

    private <T> T once(String what, CallSlots.Call<T> call) throws CloudException {
        long started = clock.nanoTime();
        try {
            return slots.call(what, () -> {
                awaitRate(what);
                return call.run();
            });
        } finally {
            LOG.debug("{} at {} took {} ms", what, site, (clock.nanoTime() - started) / 1_000_000);
        }
    }

    private void awaitRate(String what) throws CloudException {
        if (rate == null) {
            return;
        }
        long waitNanos = rate.reservePermission();
        if (waitNanos < 0) {
            throw new CloudException(CloudErrorKind.THROTTLED, what + " at " + site + " would wait longer than its "
                    + settings.callTimeout().toMillis() + " ms timeout for the rate limit of "
                    + settings.callsPerSecond() + " calls/s");
        }
        if (waitNanos > 0) {
            pause(Duration.ofNanos(waitNanos));
        }
    }

    /** Full jitter: anywhere from nothing to the base delay doubled per attempt, capped. */
    private Duration backoff(int attempt) {
        long cap = Math.min(settings.maxDelay().toMillis(), settings.baseDelay().toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private void pause(Duration d) throws CloudException {
        try {
            clock.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(CloudErrorKind.TRANSIENT, "interrupted while waiting to call " + site);
        }
    }

    @Override
    public void close() {
        slots.close();
    }
}
