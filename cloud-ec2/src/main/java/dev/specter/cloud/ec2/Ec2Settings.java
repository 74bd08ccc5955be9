package dev.specter.cloud.ec2;

import dev.specter.settings.ConfigException;
import dev.specter.settings.Require;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How an EC2 site is reached: the site's {@code settings} in the configuration, one key per
 * component in snake_case ({@code subnet_id}, {@code security_group_ids}); only {@code region} is
 * required.
 *
 * @param region           AWS region name, also the signing region of an EC2-compatible endpoint
 * @param endpoint         the API's URL when it is not AWS's (a private cloud, or moto in tests); null for AWS
 * @param subnetId         subnet VMs are launched into; null for the account's default VPC
 * @param securityGroupIds security groups of launched VMs; null or empty for the subnet's default
 * @param accessKeyId      on sites with {@code credentials: none}, the key Specter itself calls with;
 *                         null to use the SDK's default chain (environment, profile, instance role)
 * @param secretAccessKey  the secret of {@code accessKeyId}
 */
public record Ec2Settings(String region, URI endpoint, String subnetId, List<String> securityGroupIds,
                          String accessKeyId, String secretAccessKey) {
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    /** A bad value names its key. */
    public Ec2Settings {
        region = Require.present("region", region).strip();
        if (!REGION.matcher(region).matches()) {
            throw new ConfigException("region", "must name an AWS region like us-east-1, got '" + region + "'");
        }
        if (endpoint != null && (endpoint.getHost() == null
                || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
            throw new ConfigException("endpoint", "must be an http(s) URL like https://ec2.example.org:8773, got '"
                    + endpoint + "'");
        }
        subnetId = blankToNull(subnetId);
        securityGroupIds = securityGroupIds == null ? List.of()
                : securityGroupIds.stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
        accessKeyId = blankToNull(accessKeyId);
        secretAccessKey = blankToNull(secretAccessKey);
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new ConfigException(accessKeyId == null ? "access_key_id" : "secret_access_key",
                    "is missing: access_key_id and secret_access_key go together, set both or neither");
        }
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    @Override
    public String toString() {
        return "Ec2Settings[region=" + region + ", endpoint=" + endpoint + ", subnetId=" + subnetId
                + ", securityGroupIds=" + securityGroupIds + ", accessKeyId=" + accessKeyId + "]";
    }
}
