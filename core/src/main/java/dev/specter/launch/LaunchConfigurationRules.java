package dev.specter.launch;

import dev.specter.site.SiteCatalog;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Semantic checks of a launch configuration, after its JSON has been read into typed values. */
public final class LaunchConfigurationRules {
    private final SiteCatalog sites;
    private final Limits limits;

    public LaunchConfigurationRules(SiteCatalog sites, Limits limits) {
        this.sites = sites;
        this.limits = limits;
    }

    public void check(String name, Map<String, SiteLaunchParams> siteParams, String method, String userData) {
        Names.check("name", name, limits);
        if (siteParams.isEmpty()) {
            throw new InvalidInputException("cloud_params", "'cloud_params' must name at least one site");
        }
        Map<Integer, String> ranks = new HashMap<>();
        siteParams.forEach((site, p) -> {
            String field = "cloud_params." + site;
            if (!sites.contains(site)) {
                throw new InvalidInputException(field, "Unknown site '" + site + "'; known sites: "
                        + sites.all().stream().map(s -> s.name()).toList());
            }
            if (p.imageId().isBlank() || p.imageId().length() > 1024) {
                throw new InvalidInputException(field + ".image_id", "'image_id' of site '" + site
                        + "' must be 1 to 1024 characters");
            }
            if (p.instanceType().isBlank() || p.instanceType().length() > 256) {
                throw new InvalidInputException(field + ".instance_type", "'instance_type' of site '" + site
                        + "' must be 1 to 256 characters");
            }
            if (p.maxVms() < -1 || p.maxVms() > limits.maxVmsPerSite()) {
                throw new InvalidInputException(field + ".max_vms", "'max_vms' of site '" + site
                        + "' must be -1 (unlimited) or between 0 and " + limits.maxVmsPerSite() + ", got " + p.maxVms());
            }
            if (p.rank() < 1) {
                throw new InvalidInputException(field + ".rank", "'rank' of site '" + site
                        + "' must be a positive integer, got " + p.rank());
            }
            String other = ranks.putIfAbsent(p.rank(), site);
            if (other != null) {
                throw new InvalidInputException(field + ".rank", "sites '" + other + "' and '" + site
                        + "' both have rank " + p.rank() + "; ranks must be distinct");
            }
            checkUserData(field + ".user_data", p.userData());
        });
        if (!"user_data".equals(method) && !"none".equals(method)) {
            throw new InvalidInputException("contextualization_method",
                    "'contextualization_method' must be 'user_data' or 'none', got '" + method + "'");
        }
        if ("none".equals(method) && userData != null) {
            throw new InvalidInputException("user_data",
                    "'user_data' was given but 'contextualization_method' is 'none'");
        }
        checkUserData("user_data", userData);
    }

    private void checkUserData(String field, String userData) {
        if (userData != null && userData.getBytes(StandardCharsets.UTF_8).length > limits.maxUserDataBytes()) {
            throw new InvalidInputException(field, "'" + field + "' is larger than the limit of "
                    + limits.maxUserDataBytes() + " bytes");
        }
    }
}
