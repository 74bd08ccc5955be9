package dev.specter.cloud;

import java.util.List;
import java.util.Map;

/**
 * What a launch call did: VMs accepted, and VMs the cloud refused outright (with the reason). A
 * batch-level failure is a {@link CloudException} instead.
 */
public record LaunchResult(List<ObservedVm> launched, Map<String, CloudException> refused) {
    public LaunchResult {
        launched = List.copyOf(launched);
        refused = Map.copyOf(refused);
    }
}
