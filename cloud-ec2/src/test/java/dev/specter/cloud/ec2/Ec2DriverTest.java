package dev.specter.cloud.ec2;

import dev.specter.cloud.CloudAccount;
import dev.specter.cloud.CloudErrorKind;
import dev.specter.cloud.CloudException;
import dev.specter.cloud.LaunchBatch;
import dev.specter.cloud.LaunchResult;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.VmSpec;
import dev.specter.cloud.VmState;
import dev.specter.settings.ConfigException;
import dev.specter.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EC2 driver against a real EC2-compatible endpoint: moto_server, behind a counting, fault-injecting proxy. */
@Tag("e2e")
class Ec2DriverTest {
    static final String REGION = "us-east-1";
    static final String INSTALLATION = "install-1";
    static final String IMAGE = "ami-03cf127a";
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKgqMz0j0Ny4ibdAbJkiIlLJSoI4M7vZdq9xsTgmvC8P tutorial";
    static final CloudAccount ALICE = new CloudAccount("aws", "AKIAALICE", "alice-secret", "alice-key");
    static final CloudAccount BOB = new CloudAccount("aws", "AKIABOB", "bob-secret", null);

    private static MotoServer moto;
    private static Ec2Proxy proxy;
    private final List<Ec2Driver> drivers = new ArrayList<>();

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
        proxy = Ec2Proxy.start(moto.endpoint());
    }

    @AfterAll
    static void stopMoto() {
        if (proxy != null) {
            proxy.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void fresh() throws Exception {
        moto.reset();
        proxy.reset();
    }

    @AfterEach
    void closeDrivers() {
        drivers.forEach(Ec2Driver::close);
    }

    private Ec2Driver driver(int pageSize) {
        Ec2Driver d = new Ec2Driver("aws", settings(proxy.endpoint()), Duration.ofSeconds(20), pageSize);
        drivers.add(d);
        return d;
    }

    private Ec2Driver driver() {
        return driver(1000);
    }

    static Ec2Settings settings(URI endpoint) {
        return new Ec2Settings(REGION, endpoint, null, null, null, null);
    }

    /** A batch of the VMs numbered so within it (as a relaunch of part of a batch sends). */
    static LaunchBatch numbered(String batchId, String domain, int... numbers) {
        return new LaunchBatch(batchId, IntStream.of(numbers).mapToObj(n -> spec(batchId + "-" + n, domain, batchId))
                .toList());
    }

    static LaunchBatch batch(String batchId, String domain, int count) {
        return numbered(batchId, domain, IntStream.range(0, count).toArray());
    }

    static VmSpec spec(String token, String domain, String batchId) {
        return new VmSpec(token, IMAGE, "t3.micro", null, "#!/bin/sh\necho hello",
                OwnershipTags.of(INSTALLATION, token, domain, 7, batchId));
    }

    private static List<Instance> cloudInstances() {
        return MotoEc2.instances(moto.endpoint());
    }

    private static Map<String, String> tags(Instance i) {
        return MotoEc2.tags(i);
    }

    // ---- launch ----

    @Test
    void twentyVmsAreOneRunInstancesTaggedForTheirOwnerAndDomain() throws Exception {
        Ec2Driver ec2 = driver();
        LaunchResult r = ec2.launch(ALICE, batch("b20", "dom-1", 20));

        assertThat(proxy.calls("RunInstances")).isEqualTo(1);
        assertThat(r.refused()).isEmpty();
        assertThat(r.launched()).extracting(ObservedVm::token)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(n -> "b20-" + n).toList());
        assertThat(r.launched()).extracting(ObservedVm::iaasId).doesNotHaveDuplicates().allMatch(id -> id.startsWith("i-"));

        List<Instance> atCloud = cloudInstances();
        assertThat(atCloud).hasSize(20).allSatisfy(i -> {
            assertThat(tags(i)).containsEntry(OwnershipTags.INSTALLATION, INSTALLATION)
                    .containsEntry(OwnershipTags.DOMAIN, "dom-1").containsEntry(OwnershipTags.OWNER, "7")
                    .containsEntry(OwnershipTags.BATCH, "b20").containsEntry(Ec2Driver.INDEXES, "0-19");
            assertThat(i.imageId()).isEqualTo(IMAGE);
            assertThat(i.instanceTypeAsString()).isEqualTo("t3.micro");
        });
        // what RunInstances answered and what a describe reads agree on which VM is which
        Map<String, String> launchedIds = r.launched().stream().collect(Collectors.toMap(ObservedVm::token, ObservedVm::iaasId));
        Map<String, String> describedIds = ec2.describe(ALICE, INSTALLATION).stream()
                .collect(Collectors.toMap(ObservedVm::token, ObservedVm::iaasId));
        assertThat(describedIds).isEqualTo(launchedIds);
    }

    @Test
    void aVmLaunchedAloneCarriesItsOwnInstanceTag() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.launch(ALICE, numbered("b1", "dom-1", 4));
        assertThat(cloudInstances()).singleElement().satisfies(i ->
                assertThat(tags(i)).containsEntry(OwnershipTags.INSTANCE, "b1-4").doesNotContainKey(Ec2Driver.INDEXES));
        assertThat(ec2.describe(ALICE, INSTALLATION)).singleElement().extracting(ObservedVm::token).isEqualTo("b1-4");
    }

    @Test
    void aRelaunchOfSomeOfABatchMapsEachVmToItsOwnNumber() throws Exception {
        Ec2Driver ec2 = driver();
        LaunchResult r = ec2.launch(ALICE, numbered("bx", "dom-1", 3, 7, 8, 12));
        assertThat(cloudInstances()).allSatisfy(i -> assertThat(tags(i)).containsEntry(Ec2Driver.INDEXES, "3,7-8,12"));
        assertThat(ec2.describe(ALICE, INSTALLATION)).extracting(ObservedVm::token)
                .containsExactlyInAnyOrder("bx-3", "bx-7", "bx-8", "bx-12");
        assertThat(r.launched()).extracting(ObservedVm::token).containsExactlyInAnyOrder("bx-3", "bx-7", "bx-8", "bx-12");
    }

    @Test
    void theUsersKeyAndUserDataAreLaunchedWith() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.importKeyPair(ALICE, "alice-key", KEY);
        VmSpec vm = new VmSpec("bk-0", IMAGE, "t3.micro", "alice-key", "hello", OwnershipTags.of(INSTALLATION,
                "bk-0", "d", 7, "bk"));
        ec2.launch(ALICE, new LaunchBatch("bk", List.of(vm)));
        assertThat(cloudInstances()).singleElement().extracting(Instance::keyName).isEqualTo("alice-key");
    }

    @Test
    void theClientTokenIsTheSameForTheSameVmsInAnyOrderAndFitsEc2sLimit() {
        List<VmSpec> vms = batch("b", "d", 5).vms();
        List<VmSpec> reversed = new ArrayList<>(vms);
        java.util.Collections.reverse(reversed);
        assertThat(Ec2Driver.clientToken(vms)).isEqualTo(Ec2Driver.clientToken(reversed)).hasSizeLessThanOrEqualTo(64);
        assertThat(Ec2Driver.clientToken(vms)).isNotEqualTo(Ec2Driver.clientToken(vms.subList(0, 4)));
    }

    @Test
    void aLostLaunchReplyIsAnUnknownOutcomeThatADescribeSettles() throws Exception {
        Ec2Driver ec2 = driver();
        proxy.loseNextReply("RunInstances");
        assertThatThrownBy(() -> ec2.launch(ALICE, batch("bl", "dom-1", 3)))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.TRANSIENT));
        assertThat(ec2.describe(ALICE, INSTALLATION)).extracting(ObservedVm::token)
                .containsExactlyInAnyOrder("bl-0", "bl-1", "bl-2");
    }

    // ---- describe ----

    @Test
    void describeIsOneCallPerPageNeverOnePerVm() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.launch(ALICE, batch("big", "dom-1", 210));
        assertThat(proxy.calls("RunInstances")).isEqualTo(1);

        proxy.reset();
        assertThat(ec2.describe(ALICE, INSTALLATION)).hasSize(210);
        assertThat(proxy.calls("DescribeInstances")).isEqualTo(1);

        // moto answers everything at once; the proxy pages its answer as EC2 does, to see the driver follow
        proxy.reset();
        proxy.pageDescribes(50);
        List<ObservedVm> paged = driver(50).describe(ALICE, INSTALLATION);
        assertThat(paged).hasSize(210).extracting(ObservedVm::token).doesNotHaveDuplicates();
        assertThat(proxy.calls("DescribeInstances")).isEqualTo(5);
    }

    @Test
    void describeSeesOnlyThisInstallationsVms() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.launch(ALICE, batch("mine", "dom-1", 2));
        VmSpec other = new VmSpec("other-0", IMAGE, "t3.micro", null, null,
                OwnershipTags.of("install-2", "other-0", "dom-9", 9, "other"));
        ec2.launch(ALICE, new LaunchBatch("other", List.of(other)));
        assertThat(ec2.describe(ALICE, INSTALLATION)).extracting(ObservedVm::token).containsExactlyInAnyOrder("mine-0", "mine-1");
    }

    @Test
    void describeReportsAddressesAndStates() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.launch(ALICE, batch("s", "dom-1", 2));
        List<ObservedVm> vms = ec2.describe(ALICE, INSTALLATION);
        assertThat(vms).allSatisfy(vm -> {
            assertThat(vm.state()).isIn(VmState.PENDING, VmState.RUNNING);
            assertThat(vm.privateIp()).isNotBlank();
            assertThat(vm.hostname()).isNotBlank();
            assertThat(vm.tag(OwnershipTags.DOMAIN)).isEqualTo("dom-1");
        });
        ec2.terminate(ALICE, List.of(vms.getFirst().iaasId()));
        assertThat(ec2.describe(ALICE, INSTALLATION)).filteredOn(vm -> vm.iaasId().equals(vms.getFirst().iaasId()))
                .singleElement().extracting(ObservedVm::state).isIn(VmState.STOPPING, VmState.TERMINATED);
    }

    // ---- terminate ----

    @Test
    void terminateIsOneCallAndIgnoresVmsAlreadyGone() throws Exception {
        Ec2Driver ec2 = driver();
        List<String> ids = new ArrayList<>(ec2.launch(ALICE, batch("t", "dom-1", 5)).launched().stream()
                .map(ObservedVm::iaasId).toList());
        proxy.reset();
        ec2.terminate(ALICE, ids.subList(0, 3));
        assertThat(proxy.calls("TerminateInstances")).isEqualTo(1);

        ids.add("i-0123456789abcdef0"); // never existed
        ec2.terminate(ALICE, ids);
        assertThat(ec2.describe(ALICE, INSTALLATION)).allSatisfy(vm ->
                assertThat(vm.state()).isIn(VmState.STOPPING, VmState.TERMINATED));
    }

    // ---- credentials ----

    @Test
    void everyCallIsSignedWithTheAccountItIsMadeFor() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.launch(ALICE, batch("a", "dom-1", 1));
        ec2.describe(BOB, INSTALLATION);
        ec2.keyPairs(ALICE);
        assertThat(proxy.log()).containsExactly("RunInstances by AKIAALICE", "DescribeInstances by AKIABOB",
                "DescribeKeyPairs by AKIAALICE");
    }

    @Test
    void aSiteWithoutUserCredentialsCallsWithItsOwnKey() throws Exception {
        Ec2Driver ec2 = new Ec2Driver("aws", new Ec2Settings(REGION, proxy.endpoint(), null, null, "AKIASITE",
                "site-secret"), Duration.ofSeconds(20));
        drivers.add(ec2);
        ec2.describe(CloudAccount.anonymous("aws"), INSTALLATION);
        assertThat(proxy.log()).containsExactly("DescribeInstances by AKIASITE");
    }

    // ---- key pairs ----

    @Test
    void keyPairsAreImportedListedAndReplaced() throws Exception {
        Ec2Driver ec2 = driver();
        ec2.importKeyPair(ALICE, "k1", KEY);
        ec2.importKeyPair(ALICE, "k2", KEY);
        ec2.importKeyPair(ALICE, "k1", KEY); // replaced, not an error
        assertThat(ec2.keyPairs(ALICE)).containsExactly("k1", "k2");
        assertThatThrownBy(() -> ec2.importKeyPair(ALICE, "bad", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 truncated"))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.INVALID_CONFIG);
                    assertThat(e.getMessage()).contains("InvalidKeyPair.Format", "ImportKeyPair at aws");
                });
    }

    // ---- errors ----

    @ParameterizedTest
    @CsvSource({
            "InsufficientInstanceCapacity, 500, CAPACITY",
            "InstanceLimitExceeded, 400, CAPACITY",
            "RequestLimitExceeded, 503, THROTTLED",
            "Throttling, 400, THROTTLED",
            "AuthFailure, 401, AUTH",
            "UnauthorizedOperation, 403, AUTH",
            "InvalidAMIID.NotFound, 400, INVALID_CONFIG",
            "InvalidAMIID.Malformed, 400, INVALID_CONFIG",
            "InvalidParameterValue, 400, INVALID_CONFIG",
            "InternalError, 500, TRANSIENT",
            "Unavailable, 503, TRANSIENT"})
    void ec2ErrorsAreClassifiedForTheControlLoop(String code, int status, CloudErrorKind kind) {
        Ec2Driver ec2 = driver();
        proxy.failNext("RunInstances", 1, status, code, "injected by the test");
        assertThatThrownBy(() -> ec2.launch(ALICE, batch("e", "dom-1", 2)))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).contains(code, "injected by the test", "RunInstances at aws")
                            .doesNotContain("alice-secret");
                });
        assertThat(cloudInstances()).isEmpty();
    }

    @Test
    void anAnswerThatIsNotAnEc2ErrorIsTransientAndSaysSo() {
        Ec2Driver ec2 = driver();
        proxy.failNextWithPage("DescribeInstances", 502);
        assertThatThrownBy(() -> ec2.describe(ALICE, INSTALLATION))
                .isInstanceOfSatisfying(CloudException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CloudErrorKind.TRANSIENT);
                    assertThat(e.getMessage()).isEqualTo("an answer that is not an EC2 error (HTTP 502) "
                            + "[DescribeInstances at aws]");
                });
    }

    @Test
    void aDroppedConnectionIsTransient() {
        Ec2Driver ec2 = driver();
        proxy.dropNext("DescribeInstances", 1);
        assertThatThrownBy(() -> ec2.describe(ALICE, INSTALLATION))
                .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.TRANSIENT));
    }

    /** Nothing ever answers on the socket: only the driver's timeout can end the call (else it hangs into @Timeout). */
    @Test
    @Timeout(120)
    void aCloudThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Ec2Driver ec2 = new Ec2Driver("aws", settings(URI.create("http://127.0.0.1:" + silent.getLocalPort())),
                    Duration.ofMillis(700));
            drivers.add(ec2);
            assertThatThrownBy(() -> ec2.describe(ALICE, INSTALLATION))
                    .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudErrorKind.TRANSIENT));
        }
    }

    // ---- settings ----

    @Test
    void settingsNameTheBadKey() {
        assertThatThrownBy(() -> new Ec2Settings(null, URI.create("http://x"), null, null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'region' is missing");
        assertThatThrownBy(() -> new Ec2Settings("us-east-1", URI.create("ftp://x"), null, null, null, null))
                .hasMessageContaining("'endpoint'");
        assertThatThrownBy(() -> new Ec2Settings("us-east-1", null, null, null, "A", null))
                .hasMessageContaining("'secret_access_key' is missing");
        Ec2Settings ok = new Ec2Settings("eu-west-1", null, " subnet-9 ", List.of(" sg-1", "sg-2 "), "A", "top-secret");
        assertThat(ok.securityGroupIds()).containsExactly("sg-1", "sg-2");
        assertThat(ok.subnetId()).isEqualTo("subnet-9");
        assertThat(ok.toString()).doesNotContain("top-secret");
    }
}
