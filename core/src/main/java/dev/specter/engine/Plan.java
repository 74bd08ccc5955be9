package dev.specter.engine;

import java.util.List;

/**
 * What an engine wants done: launches per site (best rank first), terminations, and the target it
 * could not reach.
 *
 * @param target    the size the engine aims for
 * @param shortfall VMs it wanted but found no site with room for
 * @param state     what a metric-driven engine wants remembered, or null (nothing to remember)
 * @param decision  what a metric-driven engine concluded, or null
 */
public record Plan(int target, List<Launch> launches, List<Termination> terminations, int shortfall, String why,
                   ScalingState state, Decision decision) {
    public Plan {
        launches = List.copyOf(launches);
        terminations = List.copyOf(terminations);
    }

    public Plan(int target, List<Launch> launches, List<Termination> terminations, int shortfall, String why) {
        this(target, launches, terminations, shortfall, why, null, null);
    }

    public Plan withScaling(ScalingState next, Decision d) {
        return new Plan(target, launches, terminations, shortfall, why, next, d);
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
