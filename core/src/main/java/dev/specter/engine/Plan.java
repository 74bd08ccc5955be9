package dev.specter.engine;

import java.util.List;

/**
 * What an engine wants done: launches per site (best rank first), terminations, and the target it
 * could not reach.
 *
 * @param target    the size the engine aims for
 * @param shortfall VMs it wanted but found no site with room for
 */
public record Plan(int target, List<Launch> launches, List<Termination> terminations, int shortfall, String why) {
    public Plan {
        launches = List.copyOf(launches);
        terminations = List.copyOf(terminations);
    }

    public record Launch(String site, int count) {
    }

    public record Termination(String instanceId, String site, String reason) {
    }

    public boolean idle() {
        return launches.isEmpty() && terminations.isEmpty();
    }

    public int launchCount() {
        return launches.stream().mapToInt(Launch::count).sum();
    }
}
