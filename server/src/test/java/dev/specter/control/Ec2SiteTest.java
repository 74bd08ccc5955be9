package dev.specter.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.ec2.Ec2Proxy;
import dev.specter.cloud.ec2.MotoEc2;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.MotoServer;
import dev.specter.testing.Processes;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Specter driving an EC2-compatible cloud: site {@code sierra} is moto_server (behind a proxy that
 * counts calls and injects EC2's errors), reached with each user's own registered credentials;
 * {@code hotel} stays simulated.
 */
@Tag("e2e")
class Ec2SiteTest {
    static int serial;
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKgqMz0j0Ny4ibdAbJkiIlLJSoI4M7vZdq9xsTgmvC8P tutorial";
    static MotoServer moto;
    static Ec2Proxy proxy;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        proxy = Ec2Proxy.start(moto.endpoint());
        server = TestServer.start(config(proxy.endpoint().toString()), TestServer::fast);
    }

    /**
     * The call timeout is far above any call's time: these tests count calls, and moto ignores
     * ClientToken, so a 180-VM RunInstances abandoned at its timeout on a loaded machine and resolved
     * by describing (correct against EC2, which honours the token) would run some VMs twice here.
     */
    static String config(String endpoint) {
        return """
                sites:
                  hotel:
                    driver: sim
                    credentials: none
                  sierra:
                    driver: ec2
                    instance_types: [m1.small, t3.micro]
                    settings:
                      region: us-east-1
                      endpoint: %s
                      api_timeout: 120s
                """.formatted(endpoint);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @AfterEach
    void clearFaults() {
        proxy.reset();
    }

    /** A user with credentials (access key {@code AKIA<NAME>}) and the tutorial's key registered for sierra. */
    static Client ec2User(TestUser u) {
        Client c = server.client(u);
        String accessKey = accessKey(u);
        assertThat(c.post("/credentials/sites", """
                {"id": "sierra", "access_key": "%s", "secret_key": "secret-of-%s", "key_name": "phantomkey"}"""
                .formatted(accessKey, u.name())).status()).isEqualTo(201);
        return c;
    }

    static String accessKey(TestUser u) {
        return "AKIA" + u.name().toUpperCase();
    }

    /** Instances at the cloud launched for this user, terminated ones included. */
    static List<Instance> atCloud(TestUser u) {
        return MotoEc2.instances(moto.endpoint()).stream()
                .filter(i -> Long.toString(u.id()).equals(MotoEc2.tags(i).get(OwnershipTags.OWNER))).toList();
    }

    static List<Instance> liveAtCloud(TestUser u) {
        return MotoEc2.live(moto.endpoint()).stream()
                .filter(i -> Long.toString(u.id()).equals(MotoEc2.tags(i).get(OwnershipTags.OWNER))).toList();
    }

    static long callsBy(TestUser u, String action) {
        return proxy.log().stream().filter(l -> l.equals(action + " by " + accessKey(u))).count();
    }

    static String domain(Client c, LaunchConfigJson lc, int vmCount) {
        lc.createWith(c);
        Client.Reply d = c.post("/domains", "{\"name\": \"d-" + (++serial) + "\", \"de_name\": \"multicloud\", "
                + "\"lc_name\": \"" + lc.name() + "\", \"vm_count\": " + vmCount + "}");
        assertThat(d.status()).as(d.text()).isEqualTo(201);
        return d.json().get("id").asText();
    }

    /** A launch configuration of its own, booting an AMI moto knows on each site given. */
    static LaunchConfigJson lc() {
        return LaunchConfigJson.named("lc-" + (++serial)).withImage("ami-12c6146b");
    }

    // ---- the tutorial, unchanged, with sierra on EC2 ----

    @Test
    void thePhantomTutorialRunsUnchangedWithSierraOnEc2() {
        TestUser u = server.user("tutorial");
        Client c = ec2User(u);
        Client.Reply key = c.post("/sites/sierra/sshkeys", "{\"name\": \"phantomkey\", \"key\": \"" + KEY + "\"}");
        assertThat(key.status()).as(key.text()).isEqualTo(201);
        assertThat(c.get("/credentials/sites/sierra?details=true").json().get("available_keys"))
                .extracting(JsonNode::asText).contains("phantomkey");

        // hotel (sim) ranks first with room for 2; the next 2 overflow to sierra (EC2)
        Map<String, String> env = Map.of("USER_ID", Long.toString(u.id()), "TOKEN", u.token(),
                "PHANTOM_URL", server.apiUrl(), "SLEEP_SCALE", "0.01", "CHECK", "1", "MAX_VMS", "2",
                "EXPECT", "hotel:2,sierra:2");
        Processes.Result r = Processes.run(List.of("python3", Processes.python("de_tutorial.py").toString()), env, null, 180);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("placement {'hotel': 2, 'sierra': 2} as expected",
                "set my_domain vm_count back to 0");

        String domainId = c.get("/domains").json().get(0).get("id").asText();
        List<Instance> vms = atCloud(u);
        assertThat(vms).as("exactly the 2 VMs asked of sierra were ever launched there").hasSize(2).allSatisfy(i -> {
            assertThat(MotoEc2.tags(i)).containsEntry(OwnershipTags.DOMAIN, domainId)
                    .containsEntry(OwnershipTags.INSTALLATION, server.server().control().installation());
            assertThat(i.keyName()).isEqualTo("phantomkey");
            assertThat(i.imageId()).isEqualTo("hello-phantom.gz");
            assertThat(i.instanceTypeAsString()).isEqualTo("m1.small");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(liveAtCloud(u)).isEmpty());
        assertThat(proxy.log()).filteredOn(l -> l.startsWith("RunInstances") || l.startsWith("ImportKeyPair"))
                .allMatch(l -> l.endsWith(" by " + accessKey(u)));
    }

    // ---- call counts ----

    @Test
    void twentyVmsAreOneLaunchCallAndAReconcileRoundIsOneDescribe() {
        TestUser u = server.user("counts");
        Client c = ec2User(u);
        String d = domain(c, lc().site("sierra", -1, 1), 0);
        proxy.reset();
        assertThat(c.patch("/domains/" + d, "{\"vm_count\": 20}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> Convergence.converged(c, d, 20));
        assertThat(callsBy(u, "RunInstances")).isEqualTo(1);
        assertThat(liveAtCloud(u)).hasSize(20);

        assertThat(c.patch("/domains/" + d, "{\"vm_count\": 200}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> Convergence.converged(c, d, 200));
        assertThat(liveAtCloud(u)).hasSize(200);

        // steady state: every describe round is one call for all 200 VMs, and nothing else is called
        proxy.reset();
        int rounds = 10;
        await().atMost(Duration.ofSeconds(60)).until(() -> callsBy(u, "DescribeInstances") >= rounds);
        assertThat(proxy.log()).filteredOn(l -> l.endsWith(accessKey(u))).allMatch(l -> l.startsWith("DescribeInstances "));

        proxy.reset();
        assertThat(c.patch("/domains/" + d, "{\"vm_count\": 0}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> Convergence.converged(c, d, 0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(liveAtCloud(u)).isEmpty());
        long terminates = callsBy(u, "TerminateInstances");
        assertThat(terminates).isBetween(1L, 2L);
        System.out.printf("ec2 calls: 20 VMs launched with 1 RunInstances; a site with 200 VMs reconciled with 1 "
                + "DescribeInstances per round (%d rounds, 0 other calls); 200 terminated with %d TerminateInstances%n",
                rounds, terminates);
    }

    // ---- errors ----

    @Test
    void refusedCredentialsAreShownOnTheDomainAndNotRetriedInAStorm() {
        TestUser u = server.user("refused");
        Client c = ec2User(u);
        proxy.failNext("RunInstances", 1000, 401, "AuthFailure",
                "AWS was not able to validate the provided access credentials");
        String d = domain(c, lc().site("sierra", -1, 1), 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.get("/domains/" + d + "/activities").text()
                .contains("AuthFailure: AWS was not able to validate the provided access credentials"));
        // a storm would be an attempt per pass; passes and describe rounds (hotel, simulated, is described
        // every round) come at the same pace
        long rounds = server.sim("hotel").calls().describeCalls();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.sim("hotel").calls().describeCalls() >= rounds + 30);
        assertThat(callsBy(u, "RunInstances")).as("launch attempts over 30 describe rounds").isBetween(1L, 4L);
        assertThat(c.get("/domains/" + d + "/activities").text()).doesNotContain("secret-of-refused");
        assertThat(liveAtCloud(u)).isEmpty();
        assertThat(c.delete("/domains/" + d).status()).isIn(200, 204);
    }

    @Test
    void aFullEc2SiteOverflowsToTheNextRank() {
        TestUser u = server.user("overflow");
        Client c = ec2User(u);
        proxy.failNext("RunInstances", 1000, 500, "InsufficientInstanceCapacity",
                "We currently do not have sufficient m1.small capacity in the Availability Zone you requested");
        String d = domain(c, lc().site("sierra", -1, 1).site("hotel", -1, 2), 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> Convergence.runningBySite(c, d).equals(Map.of("hotel", 3)));
        assertThat(c.get("/domains/" + d + "/activities").text()).contains("InsufficientInstanceCapacity");
        assertThat(liveAtCloud(u)).isEmpty();
        assertThat(c.delete("/domains/" + d).status()).isIn(200, 204);
    }

    @Test
    void keyImportErrorsSayWhatTheCloudRefused() {
        TestUser u = server.user("keys");
        Client c = server.client(u);
        Client.Reply none = c.post("/sites/sierra/sshkeys", "{\"name\": \"k\", \"key\": \"" + KEY + "\"}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.text()).contains("Register your credentials");

        ec2User(u);
        proxy.failNext("ImportKeyPair", 1, 401, "AuthFailure", "credentials refused");
        Client.Reply auth = c.post("/sites/sierra/sshkeys", "{\"name\": \"k\", \"key\": \"" + KEY + "\"}");
        assertThat(auth.status()).isEqualTo(400);
        assertThat(auth.json().get("field").asText()).isEqualTo("access_key");
        assertThat(auth.text()).contains("AuthFailure").doesNotContain("secret-of-keys");

        proxy.dropNext("ImportKeyPair", 10);
        Client.Reply down = c.post("/sites/sierra/sshkeys", "{\"name\": \"k\", \"key\": \"" + KEY + "\"}");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.text()).contains("sierra");
        proxy.reset();

        assertThat(c.get("/credentials/sites/sierra?details=true").json().get("available_keys"))
                .extracting(JsonNode::asText).doesNotContain("k");
        assertThat(c.post("/sites/sierra/sshkeys", "{\"name\": \"k\", \"key\": \"" + KEY + "\"}").status()).isEqualTo(201);
        assertThat(c.get("/credentials/sites/sierra?details=true").json().get("available_keys"))
                .extracting(JsonNode::asText).contains("k");
    }
}
