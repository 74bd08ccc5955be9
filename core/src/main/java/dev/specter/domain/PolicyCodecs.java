package dev.specter.domain;

import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The codec of each scaling policy, found by engine name or by policy. */
public final class PolicyCodecs {
    private static final List<PolicyCodec<?>> ALL = List.of(new MultiCloudPolicyCodec(), new SensorPolicyCodec(),
            new TargetPolicyCodec());

    private PolicyCodecs() {
    }

    static List<PolicyCodec<?>> all() {
        return ALL;
    }

    /** The codec of the engine named {@code engine}, or an error naming {@code de_name}. */
    public static PolicyCodec<?> forEngine(String engine) {
        return ALL.stream().filter(c -> c.engine().equals(engine)).findFirst()
                .orElseThrow(() -> new InvalidInputException("de_name", "de_name '" + engine + "' is not supported "
                        + "(supported: " + ALL.stream().map(PolicyCodec::engine).collect(Collectors.joining(", "))
                        + ")"));
    }

    /** The policy of engine {@code engine} that {@code params} describe (see {@link PolicyCodec#decode}). */
    public static ScalingPolicy decode(String engine, Map<String, ?> params) {
        return forEngine(engine).decode(params);
    }

    /** {@code policy}'s parameters by name. */
    public static Map<String, Object> encode(ScalingPolicy policy) {
        return of(policy).encodeAny(policy);
    }

    /** Every bound and rule of {@code policy}'s parameters, as {@link PolicyCodec#check}. */
    public static void check(ScalingPolicy policy, Limits limits) {
        of(policy).checkAny(policy, limits);
    }

    private static PolicyCodec<?> of(ScalingPolicy policy) {
        return ALL.stream().filter(c -> c.type().isInstance(policy)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no codec for " + policy.getClass().getName()));
    }
}
