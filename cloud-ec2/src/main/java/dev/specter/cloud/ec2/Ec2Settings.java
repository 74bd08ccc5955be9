package dev.specter.cloud.ec2;

import dev.specter.site.SiteDefinition;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How an EC2 site is reached, from the site's {@code settings} in the configuration.
 *
 * @param region           AWS region name, also the signing region of an EC2-compatible endpoint
 * @param endpoint         the API's URL when it is not AWS's (a private cloud, or moto in tests); null for AWS
 * @param subnetId         subnet VMs are launched into; null for the account's default VPC
 * @param securityGroupIds security groups of launched VMs; empty for the subnet's default
 * @param accessKeyId      on sites with {@code credentials: none}, the key Specter itself calls with;
 *                         null to use the SDK's default chain (environment, profile, instance role)
 * @param secretAccessKey  the secret of {@code accessKeyId}
 * @param callTimeout      the whole of one API call, connection included
 */
public record Ec2Settings(String region, URI endpoint, String subnetId, List<String> securityGroupIds,
                          String accessKeyId, String secretAccessKey, Duration callTimeout) {
    static final Set<String> KEYS = Set.of("region", "endpoint", "subnet_id", "security_group_ids", "access_key_id",
            "secret_access_key");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    public Ec2Settings {
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    /**
     * Reads a site's settings; an unknown key or a bad value names the key.
     *
     * @param callTimeout the site's API timeout (the gateway's {@code api_timeout}), applied by the SDK too so an
     *                    abandoned call also frees its connection
     */
    public static Ec2Settings of(SiteDefinition site, Duration callTimeout) {
        Map<String, String> s = site.settings();
        String base = "sites." + site.name() + ".settings.";
        for (String k : s.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("config key '" + base + k + "' is not an ec2 setting (known: "
                        + KEYS.stream().sorted().toList() + ")");
            }
        }
        String region = s.get("region");
        if (region == null || !REGION.matcher(region.trim()).matches()) {
            throw new IllegalArgumentException("config key '" + base + "region' must name an AWS region like "
                    + "us-east-1" + (region == null ? " (it is missing)" : ", got '" + region + "'"));
        }
        URI endpoint = null;
        if (s.get("endpoint") != null) {
            try {
                endpoint = new URI(s.get("endpoint").trim());
            } catch (URISyntaxException e) {
                endpoint = null;
            }
            if (endpoint == null || endpoint.getHost() == null
                    || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))) {
                throw new IllegalArgumentException("config key '" + base + "endpoint' must be an http(s) URL like "
                        + "https://ec2.example.org:8773, got '" + s.get("endpoint") + "'");
            }
        }
        String keyId = blankToNull(s.get("access_key_id"));
        String secret = blankToNull(s.get("secret_access_key"));
        if ((keyId == null) != (secret == null)) {
            throw new IllegalArgumentException("config keys '" + base + "access_key_id' and '" + base
                    + "secret_access_key' go together: set both or neither");
        }
        List<String> groups = s.get("security_group_ids") == null ? List.of()
                : Arrays.stream(s.get("security_group_ids").split(",")).map(String::trim).filter(g -> !g.isEmpty())
                .toList();
        return new Ec2Settings(region.trim(), endpoint, blankToNull(s.get("subnet_id")), groups, keyId, secret,
                callTimeout);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    @Override
    public String toString() {
        return "Ec2Settings[region=" + region + ", endpoint=" + endpoint + ", subnetId=" + subnetId
                + ", securityGroupIds=" + securityGroupIds + ", accessKeyId=" + accessKeyId + ", callTimeout="
                + callTimeout + "]";
    }
}
