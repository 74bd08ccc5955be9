package dev.specter.metrics.cloudwatch;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.net.URI;
import java.time.Duration;

/**
 * How a {@link CloudWatchSource} reaches CloudWatch and what it asks for. Null fields with a default
 * take it.
 *
 * @param region            the AWS region, e.g. {@code us-east-1} (required; also the signing region of a
 *                          CloudWatch-compatible endpoint)
 * @param endpoint          overrides the region's CloudWatch endpoint; null: AWS's
 * @param namespace         the metrics' namespace; default {@code AWS/EC2}
 * @param instanceDimension the dimension whose value is an instance's cloud id ({@code iaasId}); default
 *                          {@code InstanceId}
 * @param domainDimension   the dimension whose value is a domain id, for domain-level readings; default
 *                          {@code SpecterDomain}
 * @param period            the longest aggregation period asked for (a query asks for at most its window, in
 *                          whole minutes, at least one); default 60 s
 * @param timeout           how long one {@code read} or {@code metricsFor} may take, retries included;
 *                          default 10 s
 * @param credentials       null: the SDK's default chain (environment, profile, container, instance role)
 */
public record CloudWatchSettings(String region, URI endpoint, String namespace, String instanceDimension,
                                 String domainDimension, Duration period, Duration timeout,
                                 AwsCredentialsProvider credentials) {
    public static final String DEFAULT_NAMESPACE = "AWS/EC2";
    public static final String DEFAULT_INSTANCE_DIMENSION = "InstanceId";
    public static final String DEFAULT_DOMAIN_DIMENSION = "SpecterDomain";
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CloudWatchSettings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is required");
        }
        region = region.trim();
        if (endpoint != null && (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL with a host, got '" + endpoint + "'");
        }
        namespace = orDefault(namespace, DEFAULT_NAMESPACE);
        instanceDimension = orDefault(instanceDimension, DEFAULT_INSTANCE_DIMENSION);
        domainDimension = orDefault(domainDimension, DEFAULT_DOMAIN_DIMENSION);
        period = period == null ? DEFAULT_PERIOD : period;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** AWS's endpoint for {@code region}, the default namespace and dimensions, the SDK's credential chain. */
    public static CloudWatchSettings defaults(String region) {
        return defaults(region, null, null);
    }

    /** The defaults, at {@code endpoint} (null: AWS's) with {@code credentials} (null: the SDK's chain). */
    public static CloudWatchSettings defaults(String region, URI endpoint, AwsCredentialsProvider credentials) {
        return new CloudWatchSettings(region, endpoint, null, null, null, null, null, credentials);
    }

    public CloudWatchSettings withTimeout(Duration timeout) {
        return new CloudWatchSettings(region, endpoint, namespace, instanceDimension, domainDimension, period, timeout,
                credentials);
    }

    public CloudWatchSettings withPeriod(Duration period) {
        return new CloudWatchSettings(region, endpoint, namespace, instanceDimension, domainDimension, period, timeout,
                credentials);
    }

    public CloudWatchSettings withNamespace(String namespace) {
        return new CloudWatchSettings(region, endpoint, namespace, instanceDimension, domainDimension, period, timeout,
                credentials);
    }

    /** Where calls go, for messages: the endpoint, or AWS's for the region. */
    String where() {
        return "CloudWatch " + region + " (" + (endpoint == null ? "AWS endpoint" : endpoint) + ")";
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Names the credentials provider's kind only, never what it holds. */
    @Override
    public String toString() {
        return "CloudWatchSettings[region=" + region + ", endpoint=" + endpoint + ", namespace=" + namespace
                + ", instanceDimension=" + instanceDimension + ", domainDimension=" + domainDimension + ", period="
                + period + ", timeout=" + timeout + ", credentials="
                + (credentials == null ? "default chain" : credentials.getClass().getSimpleName()) + "]";
    }
}
