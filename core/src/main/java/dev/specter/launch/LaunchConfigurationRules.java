package dev.specter.launch;

import dev.specter.site.SiteCatalog;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Names;
import dev.specter.validation.Text;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Semantic checks of a launch configuration, after its JSON has been read into typed values. */
public final class LaunchConfigurationRules {
    /** launch_configuration_sites.image_id, and instances.image_id that copies it, are varchar(1024). */
    private static final int MAX_IMAGE_ID_LENGTH = 1024;
    /** launch_configuration_sites.instance_type, and instances.instance_type, are varchar(256). */
    private static final int MAX_INSTANCE_TYPE_LENGTH = 256;
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
            if (p.imageId().isBlank() || Text.length(p.imageId()) > MAX_IMAGE_ID_LENGTH) {
                throw new InvalidInputException(field + ".image_id", "'image_id' of site '" + site
                        + "' must be 1 to " + MAX_IMAGE_ID_LENGTH + " characters");
            }
            if (p.instanceType().isBlank() || Text.length(p.instanceType()) > MAX_INSTANCE_TYPE_LENGTH) {
                throw new InvalidInputException(field + ".instance_type", "'instance_type' of site '" + site
                        + "' must be 1 to " + MAX_INSTANCE_TYPE_LENGTH + " characters");
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
