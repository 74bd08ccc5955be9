package dev.specter.cloud.ec2;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudDriver;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.LaunchResult;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon EC2, or any cloud that speaks its API, through the AWS SDK v2.
 *
 * <p>A launch batch is one {@code RunInstances} call with {@code MinCount = MaxCount = n} (a
 * compatible cloud may launch only MinCount) and a {@code ClientToken} derived from the batch's
 * instance ids, so EC2 turns a retried call into the original one. Clouds that do not honour client
 * tokens (moto among them) are covered by the control loop's rule: a launch of unknown outcome is
 * resolved by describing the site's tags before anything is launched again.
 *
 * <p>Tags applied at launch mark every VM as this installation's, its domain's and its owner's. EC2
 * gives every VM of one call the same tags, so a VM's own instance id is not a tag of its own but
 * its position in the call's {@code specter:indexes} list, found by its AMI launch index (a VM
 * launched alone carries {@code specter:instance} itself). Describes filter on the installation tag
 * and page through the answer, one call per page of up to 1000 VMs.
 *
 * <p>Every call is made in the name of the account given: a user's credentials go into that call's
 * signing only and are not kept. The SDK does not retry or throttle: {@link dev.specter.cloud.CloudGateway}
 * does, the same way for every driver.
 */
public final class Ec2Driver implements CloudDriver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ec2Driver.class);
    /** The call's instance numbers, in launch-index order (see {@link LaunchIndexes}). */
    public static final String INDEXES = "specter:indexes";
    static final int TERMINATE_PER_CALL = 1000;
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-zA-Z]+");

    private final String site;
    private final Ec2Settings settings;
    private final Ec2Client ec2;
    private final int pageSize;

    /**
     * @param callTimeout the whole of one API call, connection included: the site's {@code api_timeout}, applied by
     *                    the SDK too so that a call the gateway abandons also frees its connection
     */
    public Ec2Driver(String site, Ec2Settings settings, Duration callTimeout) {
        this(site, settings, callTimeout, 1000);
    }

    /** @param pageSize VMs per describe call (EC2 accepts 5 to 1000); small in tests, to see pagination */
    Ec2Driver(String site, Ec2Settings settings, Duration callTimeout, int pageSize) {
        this.site = site;
        this.settings = settings;
        this.pageSize = pageSize;
        AwsCredentialsProvider own = settings.accessKeyId() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        Ec2ClientBuilder b = Ec2Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(own)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(64)
                        .connectionTimeout(min(callTimeout, Duration.ofSeconds(10)))
                        .socketTimeout(callTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(callTimeout)
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        this.ec2 = b.build();
    }

    // ---- launch ----

    /** VMs that can share one RunInstances call: same image, type, key, user data and shared tags. */
    private record CallShape(String imageId, String instanceType, String keyName, String userData,
                             Map<String, String> tags) {
        static CallShape of(VmSpec vm) {
            Map<String, String> shared = new TreeMap<>(vm.tags());
            shared.remove(OwnershipTags.INSTANCE);
            return new CallShape(vm.imageId(), vm.instanceType(), vm.keyName(), vm.userData(), shared);
        }
    }

    @Override
    public LaunchResult launch(CloudAccount account, LaunchBatch batch) throws CloudException {
        Map<CallShape, List<VmSpec>> shapes = new LinkedHashMap<>();
        batch.vms().forEach(vm -> shapes.computeIfAbsent(CallShape.of(vm), s -> new ArrayList<>()).add(vm));
        List<List<VmSpec>> calls = new ArrayList<>();
        shapes.values().forEach(vms -> calls.addAll(split(batch.batchId(), vms)));

        List<ObservedVm> launched = new ArrayList<>();
        Map<String, CloudException> refused = new HashMap<>();
        CloudException failure = null;
        for (List<VmSpec> call : calls) {
            try {
                launched.addAll(run(account, batch.batchId(), call));
            } catch (CloudException e) {
                // an unknown outcome outweighs a refusal: it must be described before anything is relaunched
                failure = failure == null || failure.kind().definite() && !e.kind().definite() ? e : failure;
                // a definite refusal is the VMs' answer; after an unknown outcome they are left out
                // of the result, for a describe to settle
                if (e.kind().definite()) {
                    call.forEach(vm -> refused.put(vm.token(), e));
                }
            }
        }
        if (launched.isEmpty() && failure != null) {
            throw failure;
        }
        return new LaunchResult(launched, refused);
    }

    /**
     * The calls a batch's VMs of one shape take: one per run of instance numbers that fits the
     * indexes tag, or one per VM when their ids are not the batch's numbered ones.
     */
    private static List<List<VmSpec>> split(String batchId, List<VmSpec> vms) {
        Map<Integer, VmSpec> byNumber = new LinkedHashMap<>();
        for (VmSpec vm : vms) {
            Integer n = number(batchId, vm.token());
            if (n == null || byNumber.put(n, vm) != null) {
                return vms.stream().map(List::of).toList();
            }
        }
        List<Integer> numbers = new ArrayList<>(byNumber.keySet());
        numbers.sort(null);
        return LaunchIndexes.chunks(numbers).stream().map(c -> c.stream().map(byNumber::get).toList()).toList();
    }

    private static Integer number(String batchId, String token) {
        String prefix = batchId + "-";
        if (!token.startsWith(prefix) || token.length() == prefix.length() || token.length() > prefix.length() + 9) {
            return null;
        }
        String digits = token.substring(prefix.length());
        return digits.chars().allMatch(Character::isDigit) && (digits.length() == 1 || digits.charAt(0) != '0')
                ? Integer.valueOf(digits) : null;
    }

    private List<ObservedVm> run(CloudAccount account, String batchId, List<VmSpec> call) throws CloudException {
        VmSpec first = call.getFirst();
        List<Tag> tags = new ArrayList<>();
        CallShape.of(first).tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        if (call.size() == 1) {
            tags.add(Tag.builder().key(OwnershipTags.INSTANCE).value(first.token()).build());
        } else {
            tags.add(Tag.builder().key(INDEXES).value(LaunchIndexes.encode(
                    call.stream().map(vm -> number(batchId, vm.token())).toList())).build());
        }
        RunInstancesRequest.Builder req = RunInstancesRequest.builder()
                .imageId(first.imageId())
                .instanceType(first.instanceType())
                .minCount(call.size())
                .maxCount(call.size())
                .clientToken(clientToken(call))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build())
                .overrideConfiguration(as(account));
        if (first.keyName() != null && !first.keyName().isBlank()) {
            req.keyName(first.keyName());
        }
        if (first.userData() != null && !first.userData().isEmpty()) {
            req.userData(Base64.getEncoder().encodeToString(first.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (settings.subnetId() != null) {
            req.subnetId(settings.subnetId());
        }
        if (!settings.securityGroupIds().isEmpty()) {
            req.securityGroupIds(settings.securityGroupIds());
        }
        List<Instance> instances = call("RunInstances", () -> ec2.runInstances(req.build()).instances());
        LOG.debug("RunInstances at {} launched {} of {} VMs", site, instances.size(), call.size());
        List<ObservedVm> out = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            Instance vm = instances.get(i);
            int index = vm.amiLaunchIndex() == null ? i : vm.amiLaunchIndex();
            if (index >= 0 && index < call.size()) {
                out.add(observe(vm, call.get(index).token(), tagsOf(tags)));
            }
        }
        return out;
    }

    /**
     * EC2's idempotency token for the call (64 ASCII characters at most): the same VMs always make
     * the same token, so a resent call is recognised as the one already made.
     */
    static String clientToken(List<VmSpec> call) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            call.stream().map(VmSpec::token).sorted().forEach(t -> {
                sha.update(t.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return "specter-" + HexFormat.of().formatHex(sha.digest()).substring(0, 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    // ---- terminate ----

    @Override
    public void terminate(CloudAccount account, List<String> iaasIds) throws CloudException {
        List<String> ids = List.copyOf(new LinkedHashSet<>(iaasIds));
        for (int from = 0; from < ids.size(); from += TERMINATE_PER_CALL) {
            terminateAll(account, new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + TERMINATE_PER_CALL))));
        }
    }

    /** EC2 refuses the whole call if one id is unknown: those are dropped (already gone) and the rest sent again. */
    private void terminateAll(CloudAccount account, List<String> ids) throws CloudException {
        while (!ids.isEmpty()) {
            try {
                List<String> send = List.copyOf(ids);
                call("TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(send)
                        .overrideConfiguration(as(account))));
                return;
            } catch (CloudException e) {
                if (!"InvalidInstanceID.NotFound".equals(Ec2Errors.code(e))) {
                    throw e;
                }
                Set<String> unknown = new LinkedHashSet<>();
                Matcher m = INSTANCE_ID.matcher(e.getMessage());
                while (m.find()) {
                    unknown.add(m.group());
                }
                if (!ids.removeAll(unknown)) {
                    return; // the cloud named none of them: nothing we sent is left to terminate
                }
                LOG.debug("{} already gone at {}", unknown, site);
            }
        }
    }

    // ---- describe ----

    @Override
    public List<ObservedVm> describe(CloudAccount account, String installation) throws CloudException {
        DescribeInstancesRequest req = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:" + OwnershipTags.INSTALLATION).values(installation).build())
                .maxResults(pageSize)
                .overrideConfiguration(as(account))
                .build();
        return call("DescribeInstances", () -> {
            List<ObservedVm> out = new ArrayList<>();
            for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(req)) {
                for (Reservation r : page.reservations()) {
                    for (Instance vm : r.instances()) {
                        Map<String, String> tags = tagsOf(vm.tags());
                        out.add(observe(vm, tokenOf(vm, tags), tags));
                    }
                }
            }
            return out;
        });
    }

    /** The Specter instance id of a VM: its own tag, or its entry in its call's indexes list. */
    static String tokenOf(Instance vm, Map<String, String> tags) {
        String own = tags.get(OwnershipTags.INSTANCE);
        if (own != null) {
            return own;
        }
        String batch = tags.get(OwnershipTags.BATCH);
        List<Integer> numbers = LaunchIndexes.decode(tags.get(INDEXES));
        Integer index = vm.amiLaunchIndex();
        if (batch == null || index == null || index < 0 || index >= numbers.size()) {
            return null;
        }
        return batch + "-" + numbers.get(index);
    }

    private static Map<String, String> tagsOf(List<Tag> tags) {
        Map<String, String> out = new HashMap<>();
        tags.forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    private static ObservedVm observe(Instance vm, String token, Map<String, String> tags) {
        VmState state = switch (vm.state() == null ? null : vm.state().name()) {
            case PENDING -> VmState.PENDING;
            case RUNNING -> VmState.RUNNING;
            case SHUTTING_DOWN -> VmState.STOPPING;
            case TERMINATED -> VmState.TERMINATED;
            // stopped outside Specter, or a state this SDK does not know: not serving, so replaced
            case null, default -> VmState.FAILED;
        };
        String hostname = blankToNull(vm.publicDnsName()) != null ? vm.publicDnsName() : blankToNull(vm.privateDnsName());
        return new ObservedVm(token, vm.instanceId(), state, hostname, blankToNull(vm.publicIpAddress()),
                blankToNull(vm.privateIpAddress()), tags);
    }

    // ---- key pairs ----

    @Override
    public void importKeyPair(CloudAccount account, String name, String publicKey) throws CloudException {
        SdkBytes material = SdkBytes.fromUtf8String(publicKey);
        try {
            call("ImportKeyPair", () -> ec2.importKeyPair(r -> r.keyName(name).publicKeyMaterial(material)
                    .overrideConfiguration(as(account))));
        } catch (CloudException e) {
            if (!"InvalidKeyPair.Duplicate".equals(Ec2Errors.code(e))) {
                throw e;
            }
            call("DeleteKeyPair", () -> ec2.deleteKeyPair(r -> r.keyName(name).overrideConfiguration(as(account))));
            call("ImportKeyPair", () -> ec2.importKeyPair(r -> r.keyName(name).publicKeyMaterial(material)
                    .overrideConfiguration(as(account))));
        }
    }

    @Override
    public List<String> keyPairs(CloudAccount account) throws CloudException {
        return call("DescribeKeyPairs", () -> ec2.describeKeyPairs(r -> r.overrideConfiguration(as(account)))
                .keyPairs().stream().map(KeyPairInfo::keyName).sorted().toList());
    }

    // ---- plumbing ----

    /** The user's credentials for this one call; the site's own for accounts without any. */
    private static AwsRequestOverrideConfiguration as(CloudAccount account) {
        AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
        if (!account.accessKey().isEmpty()) {
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(account.accessKey(),
                    account.secretKey())));
        }
        return b.build();
    }

    private <T> T call(String operation, Supplier<T> call) throws CloudException {
        try {
            return call.get();
        } catch (SdkException e) {
            throw Ec2Errors.classify(operation, site, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        ec2.close();
    }
}
