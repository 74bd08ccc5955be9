package dev.specter.metric.cloudwatch;

import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;

import java.net.URI;
import java.time.Duration;

/**
 * How a {@link CloudWatchSource} reaches CloudWatch and what it asks for: a metric source's
 * settings in the configuration, one key per component in snake_case ({@code instance_dimension});
 * null fields with a default take it.
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
 * @param accessKeyId       the key Specter calls with; null: the SDK's default chain (environment, profile,
 *                          container, instance role)
 * @param secretAccessKey   the secret of {@code accessKeyId}
 */
public record CloudWatchSettings(String region, URI endpoint, String namespace, String instanceDimension,
                                 String domainDimension, Duration period, Duration timeout, String accessKeyId,
                                 String secretAccessKey) {
    public static final String DEFAULT_NAMESPACE = "AWS/EC2";
    public static final String DEFAULT_INSTANCE_DIMENSION = "InstanceId";
    public static final String DEFAULT_DOMAIN_DIMENSION = "SpecterDomain";
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CloudWatchSettings {
        region = Require.present("region", region).strip();
        if (endpoint != null && (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                || endpoint.getHost() == null)) {
            throw new ConfigException("endpoint", "must be an http(s) URL with a host, got '" + endpoint + "'");
        }
        namespace = orDefault(namespace, DEFAULT_NAMESPACE);
        instanceDimension = orDefault(instanceDimension, DEFAULT_INSTANCE_DIMENSION);
        domainDimension = orDefault(domainDimension, DEFAULT_DOMAIN_DIMENSION);
        period = period == null ? DEFAULT_PERIOD : period;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        Require.positive("period", period);
        Require.positive("timeout", timeout);
        accessKeyId = accessKeyId == null || accessKeyId.isBlank() ? null : accessKeyId.strip();
        secretAccessKey = secretAccessKey == null || secretAccessKey.isBlank() ? null : secretAccessKey.strip();
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new ConfigException(accessKeyId == null ? "access_key_id" : "secret_access_key", "is missing: give "
                    + "both access_key_id and secret_access_key, or neither (the AWS SDK's default credentials)");
        }
    }

    /** AWS's endpoint for {@code region}, the default namespace and dimensions, the SDK's credential chain. */
    public static CloudWatchSettings defaults(String region) {
        return defaults(region, null, null, null);
    }

    /** The defaults, at {@code endpoint} (null: AWS's) with this key (null: the SDK's chain). */
    public static CloudWatchSettings defaults(String region, URI endpoint, String accessKeyId, String secretAccessKey) {
        return new CloudWatchSettings(region, endpoint, null, null, null, null, null, accessKeyId, secretAccessKey);
    }

    public CloudWatchSettings withTimeout(Duration timeout) {
        return new CloudWatchSettings(region, endpoint, namespace, instanceDimension, domainDimension, period, timeout,
                accessKeyId, secretAccessKey);
    }

    public CloudWatchSettings withPeriod(Duration period) {
        return new CloudWatchSettings(region, endpoint, namespace, instanceDimension, domainDimension, period, timeout,
                accessKeyId, secretAccessKey);
    }

    public CloudWatchSettings withNamespace(String namespace) {
        return new CloudWatchSettings(region, endpoint, namespace, instanceDimension, domainDimension, period, timeout,
                accessKeyId, secretAccessKey);
    }

    /** Where calls go, for messages: the endpoint, or AWS's for the region. */
    String where() {
        return "CloudWatch " + region + " (" + (endpoint == null ? "AWS endpoint" : endpoint) + ")";
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "CloudWatchSettings[region=" + region + ", endpoint=" + endpoint + ", namespace=" + namespace
                + ", instanceDimension=" + instanceDimension + ", domainDimension=" + domainDimension + ", period="
                + period + ", timeout=" + timeout + ", accessKeyId="
                + (accessKeyId == null ? "default chain" : accessKeyId) + "]";
    }
}
