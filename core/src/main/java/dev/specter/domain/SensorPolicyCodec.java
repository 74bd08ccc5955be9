package dev.specter.domain;

import dev.specter.validation.Bound;
import dev.specter.validation.Param;
import dev.specter.validation.ParamType;

import java.util.List;
import java.util.Map;

/** {@link SensorPolicy} as Phantom's {@code sensor_*} parameters, every one required as Phantom had them. */
final class SensorPolicyCodec extends PolicyCodec<SensorPolicy> {
    private static final Param<SensorPolicy, String> METRIC = metric("sensor_metric", SensorPolicy::metric);
    private static final Param<SensorPolicy, Integer> MINIMUM = count("sensor_minimum_vms", SensorPolicy::minimumVms);
    private static final Param<SensorPolicy, Integer> MAXIMUM = count("sensor_maximum_vms", SensorPolicy::maximumVms);
    private static final Param<SensorPolicy, Double> UP_THRESHOLD = Param.required("sensor_scale_up_threshold",
            ParamType.NUMBER, SensorPolicy::scaleUpThreshold, Bound.finite());
    private static final Param<SensorPolicy, Integer> UP_VMS = count("sensor_scale_up_vms", SensorPolicy::scaleUpVms);
    private static final Param<SensorPolicy, Double> DOWN_THRESHOLD = Param.required("sensor_scale_down_threshold",
            ParamType.NUMBER, SensorPolicy::scaleDownThreshold, Bound.finite());
    private static final Param<SensorPolicy, Integer> DOWN_VMS = count("sensor_scale_down_vms",
            SensorPolicy::scaleDownVms);
    private static final Param<SensorPolicy, Integer> COOLDOWN = Param.required("sensor_cooldown", ParamType.INTEGER,
            SensorPolicy::cooldownSeconds, Bound.seconds(0, 86_400));

    SensorPolicyCodec() {
        super(SensorPolicy.NAME, SensorPolicy.class, List.of(METRIC, MINIMUM, MAXIMUM, UP_THRESHOLD, UP_VMS,
                DOWN_THRESHOLD, DOWN_VMS, COOLDOWN));
    }

    @Override
    public SensorPolicy decode(Map<String, ?> params) {
        return new SensorPolicy(METRIC.read(params), MINIMUM.read(params), MAXIMUM.read(params),
                UP_THRESHOLD.read(params), UP_VMS.read(params), DOWN_THRESHOLD.read(params), DOWN_VMS.read(params),
                COOLDOWN.read(params));
    }

    @Override
    protected void checkTogether(SensorPolicy policy) {
        notAbove(MINIMUM, MAXIMUM, policy);
        notAbove(DOWN_THRESHOLD, UP_THRESHOLD, policy);
    }
}
