package dev.specter.domain;

import dev.specter.validation.Bound;
import dev.specter.validation.InvalidInputException;
import dev.specter.validation.Limits;
import dev.specter.validation.Param;
import dev.specter.validation.ParamType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One scaling policy as a flat map of named parameters (Phantom's {@code de_params}: the names
 * clients send and see beside {@code de_name}), the one shape the REST API reads and renders and
 * the store keeps. Each parameter is declared once, as a {@link Param}; a subclass lists them and
 * builds its record from them.
 */
public abstract class PolicyCodec<P extends ScalingPolicy> {
    private final String engine;
    private final Class<P> type;
    private final List<Param<P, ?>> params;

    protected PolicyCodec(String engine, Class<P> type, List<Param<P, ?>> params) {
        this.engine = engine;
        this.type = type;
        this.params = List.copyOf(params);
    }

    /** The {@code de_name} of the policies this codec reads and writes. */
    public String engine() {
        return engine;
    }

    Class<P> type() {
        return type;
    }

    /** Every parameter of {@code policy} by name, in declaration order. */
    public Map<String, Object> encode(P policy) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach(p -> out.put(p.name(), p.of(policy)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The policy {@code params} describe; a parameter absent or null takes its default, or is an
     * error naming it when it has none. Other entries are ignored. Only types are checked here:
     * bounds, which depend on the operator's limits, are {@link #check}'s.
     */
    public abstract P decode(Map<String, ?> params);

    /** Every parameter's bound, then the rules between parameters. */
    public void check(P policy, Limits limits) {
        params.forEach(p -> p.check(policy, limits));
        checkTogether(policy);
    }

    /** Rules that involve more than one parameter. */
    protected void checkTogether(P policy) {
    }

    Map<String, Object> encodeAny(ScalingPolicy policy) {
        return encode(type.cast(policy));
    }

    void checkAny(ScalingPolicy policy, Limits limits) {
        check(type.cast(policy), limits);
    }

    /** A metric's name, as sources know it. */
    protected static <P> Param<P, String> metric(String name, Function<P, String> value) {
        return Param.required(name, ParamType.TEXT, value, Bound.length(1, DomainRules.MAX_METRIC_LENGTH));
    }

    /** A number of VMs. */
    protected static <P> Param<P, Integer> count(String name, Function<P, Integer> value) {
        return Param.required(name, ParamType.INTEGER, value, Bound.count());
    }

    /** {@code low}'s value must not be greater than {@code high}'s. */
    protected static <P, T extends Comparable<T>> void notAbove(Param<P, T> low, Param<P, T> high, P policy) {
        T l = low.of(policy);
        T h = high.of(policy);
        if (l.compareTo(h) > 0) {
            throw new InvalidInputException(low.name(), "'" + low.name() + "' (" + l + ") must not be greater than '"
                    + high.name() + "' (" + h + ")");
        }
    }
}
