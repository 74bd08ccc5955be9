package dev.specter.domain;

/**
 * Target tracking (beyond Phantom; as AWS target tracking or Nomad's target-value strategy): keep
 * the metric's average per in-service instance near {@code targetValue}.
 *
 * @param disableScaleIn  never remove VMs for a low metric (bounds still apply)
 * @param warmupSeconds   a VM this young is not in service yet: its readings are not averaged and
 *                        no scale-in happens while one is warming up
 */
public record TargetPolicy(String metric, double targetValue, int minimumVms, int maximumVms,
                           boolean disableScaleIn, int warmupSeconds) implements MetricPolicy {
    public static final String NAME = "target";

    @Override
    public String engineName() {
        return NAME;
    }

    @Override
    public TargetPolicy withMinimumVms(int n) {
        return new TargetPolicy(metric, targetValue, n, maximumVms, disableScaleIn, warmupSeconds);
    }
}
