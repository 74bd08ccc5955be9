package dev.specter.cloud;

import dev.specter.validation.Text;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one place where a site's API calls are limited, timed out and retried: every driver call of the
 * control loop goes through the gateway of its site. Concurrency is bounded per site so a slow
 * site holds at most {@link GatewaySettings#maxConcurrentCalls} calls and never starves the others.
 *
 * <p>Retries use exponential back-off with full jitter. Describes, terminations and key operations
 * are idempotent and retried on throttling and transient errors. A launch is retried only when
 * throttled (the call certainly did nothing); after a transient error its outcome is unknown and is
 * left to the reconciler to resolve by describing, never by launching blindly again.
 */
public final class CloudGateway implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CloudGateway.class);
    /** Waits; replaceable in tests so retries do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws CloudException;
    }

    private final String site;
    private final CloudDriver driver;
    private final GatewaySettings settings;
    private final Sleeper sleeper;
    private final Semaphore inFlight;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Object rateLock = new Object();
    private double tokens;
    private long lastRefillNanos = System.nanoTime();

    public CloudGateway(String site, CloudDriver driver, GatewaySettings settings, Sleeper sleeper) {
        this.site = site;
        this.driver = driver;
        this.settings = settings;
        this.sleeper = sleeper;
        this.inFlight = new Semaphore(settings.maxConcurrentCalls(), true);
        this.tokens = Math.max(1, settings.callsPerSecond());
    }

    public CloudGateway(String site, CloudDriver driver, GatewaySettings settings) {
        this(site, driver, settings, d -> Thread.sleep(d));
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

    private <T> T call(String what, Call<T> call, boolean idempotent) throws CloudException {
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

    private <T> T once(String what, Call<T> call) throws CloudException {
        long started = System.nanoTime();
        try {
            return timed(what, call);
        } finally {
            LOG.debug("{} at {} took {} ms", what, site, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private <T> T timed(String what, Call<T> call) throws CloudException {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " interrupted");
        }
        try {
            awaitRate();
            Future<T> f = calls.submit(call::run);
            try {
                return f.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " timed out after "
                        + settings.callTimeout().toMillis() + " ms");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CloudException ce) {
                    throw ce;
                }
                throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " failed: " + e.getCause(),
                        e.getCause());
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new CloudException(CloudErrorKind.TRANSIENT, what + " at " + site + " interrupted");
            }
        } finally {
            inFlight.release();
        }
    }

    /** Token bucket: refills at callsPerSecond, holds at most one second's worth. */
    private void awaitRate() throws CloudException {
        double rate = settings.callsPerSecond();
        if (rate <= 0) {
            return;
        }
        while (true) {
            long waitNanos;
            synchronized (rateLock) {
                long now = System.nanoTime();
                tokens = Math.min(Math.max(1, rate), tokens + (now - lastRefillNanos) / 1e9 * rate);
                lastRefillNanos = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                waitNanos = (long) ((1 - tokens) / rate * 1e9);
            }
            pause(Duration.ofNanos(waitNanos));
        }
    }

    Duration backoff(int attempt) {
        long cap = Math.min(settings.maxDelay().toMillis(), settings.baseDelay().toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private void pause(Duration d) throws CloudException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException(CloudErrorKind.TRANSIENT, "interrupted while backing off from " + site);
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
