package dev.specter.cloud;

import java.time.Duration;

/**
 * How one site's API is called.
 *
 * @param maxConcurrentCalls calls in flight at once, an abandoned call counted until the driver returns from
 *                           it; more wait, so a slow site cannot absorb every worker
 * @param callsPerSecond     steady request rate allowed (0 = unlimited), in bursts of one second's worth
 * @param callTimeout        a call not answered by then, the wait for a free slot included, is abandoned (for a
 *                           launch: outcome unknown)
 * @param maxAttempts        attempts of a retryable call, the first included
 * @param baseDelay          first retry delay; doubled per attempt with full jitter
 * @param maxDelay           cap of one retry delay
 */
public record GatewaySettings(int maxConcurrentCalls, double callsPerSecond, Duration callTimeout, int maxAttempts,
                              Duration baseDelay, Duration maxDelay) {
    public static final GatewaySettings DEFAULT = new GatewaySettings(8, 0, Duration.ofSeconds(30), 4,
            Duration.ofMillis(200), Duration.ofSeconds(5));

    /** Site settings keys read by the gateway, whatever the driver: the rest belongs to the driver. */
    public static final java.util.Set<String> KEYS = java.util.Set.of("api_concurrency", "api_rate", "api_timeout");

    public GatewaySettings with(int concurrency, double rate, Duration timeout) {
        return new GatewaySettings(concurrency, rate, timeout, maxAttempts, baseDelay, maxDelay);
    }
}
