package dev.specter.domain;

import dev.specter.validation.Bound;
import dev.specter.validation.Param;
import dev.specter.validation.ParamType;

import java.util.List;
import java.util.Map;

/** {@link TargetPolicy} as its {@code target_*} parameters; the two beyond the bounds and the target have defaults. */
final class TargetPolicyCodec extends PolicyCodec<TargetPolicy> {
    private static final Param<TargetPolicy, String> METRIC = metric("target_metric", TargetPolicy::metric);
    private static final Param<TargetPolicy, Double> VALUE = Param.required("target_value", ParamType.NUMBER,
            TargetPolicy::targetValue, Bound.positive());
    private static final Param<TargetPolicy, Integer> MINIMUM = count("target_minimum_vms", TargetPolicy::minimumVms);
    private static final Param<TargetPolicy, Integer> MAXIMUM = count("target_maximum_vms", TargetPolicy::maximumVms);
    private static final Param<TargetPolicy, Boolean> DISABLE_SCALE_IN = Param.optional("target_disable_scale_in",
            ParamType.BOOLEAN, TargetPolicy::disableScaleIn, false, Bound.none());
    private static final Param<TargetPolicy, Integer> WARMUP = Param.optional("target_warmup", ParamType.INTEGER,
            TargetPolicy::warmupSeconds, 60, Bound.seconds(0, 86_400));

    TargetPolicyCodec() {
        super(TargetPolicy.NAME, TargetPolicy.class, List.of(METRIC, VALUE, MINIMUM, MAXIMUM, DISABLE_SCALE_IN,
                WARMUP));
    }

    @Override
    public TargetPolicy decode(Map<String, ?> params) {
        return new TargetPolicy(METRIC.read(params), VALUE.read(params), MINIMUM.read(params), MAXIMUM.read(params),
                DISABLE_SCALE_IN.read(params), WARMUP.read(params));
    }

    @Override
    protected void checkTogether(TargetPolicy policy) {
        notAbove(MINIMUM, MAXIMUM, policy);
    }
}
