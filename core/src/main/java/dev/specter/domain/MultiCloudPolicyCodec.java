package dev.specter.domain;

import dev.specter.validation.Param;

import java.util.List;
import java.util.Map;

/** {@link MultiCloudPolicy} as its one parameter, {@code vm_count}. */
final class MultiCloudPolicyCodec extends PolicyCodec<MultiCloudPolicy> {
    private static final Param<MultiCloudPolicy, Integer> VM_COUNT = count("vm_count", MultiCloudPolicy::vmCount);

    MultiCloudPolicyCodec() {
        super(MultiCloudPolicy.NAME, MultiCloudPolicy.class, List.of(VM_COUNT));
    }

    @Override
    public MultiCloudPolicy decode(Map<String, ?> params) {
        return new MultiCloudPolicy(VM_COUNT.read(params));
    }
}
