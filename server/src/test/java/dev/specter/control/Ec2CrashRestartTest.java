package dev.specter.control;

import dev.specter.cloud.OwnershipTags;
import dev.specter.cloud.ec2.Ec2Proxy;
import dev.specter.cloud.ec2.MotoEc2;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.MotoServer;
import dev.specter.testing.SpecterProcess;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Specter killed while launching on an EC2-compatible cloud that does not honour client tokens
 * (moto): on restart it settles every launch of unknown outcome by describing the tags, so no VM is
 * ever launched twice, and none is left behind.
 */
@Tag("e2e")
class Ec2CrashRestartTest {
    static final int SIZE = 6;
    @TempDir
    Path data;
    final Random random = new Random();

    @Test
    void killedMidLaunchItNeverLaunchesAVmTwice() throws Exception {
        try (MotoServer moto = MotoServer.start(); Ec2Proxy proxy = Ec2Proxy.start(moto.endpoint())) {
            String yaml = """
                    control:
                      resync_interval: 200ms
                      full_resync_interval: 2s
                      describe_interval: 150ms
                    sites:
                      sierra:
                        driver: ec2
                        settings:
                          region: us-east-1
                          endpoint: %s
                          api_timeout: 10s
                    """.formatted(proxy.endpoint());
            TestUser user = TestUser.addedByCli(data, "crash");
            try (SpecterProcess specter = SpecterProcess.start(data, yaml, Map.of())) {
                Client c = specter.client(user);
                assertThat(c.post("/credentials/sites", """
                        {"id": "sierra", "access_key": "AKIACRASH", "secret_key": "s", "key_name": "k"}""").status())
                        .isEqualTo(201);
                LaunchConfigJson.named("lc").withImage("ami-12c6146b").site("sierra", -1, 1).createWith(c);

                int rounds = 0;
                // kill -9 while the launch call is at the cloud (its reply held back), then at a random moment;
                // SIGTERM at a random moment; then no kill at all but the launch reply lost on its way back
                for (String how : List.of("kill-mid-call", "kill-random", "term-random", "lost-reply")) {
                    String d = c.post("/domains", "{\"name\": \"d" + rounds + "\", \"de_name\": \"multicloud\", "
                            + "\"lc_name\": \"lc\", \"vm_count\": 0}").json().get("id").asText();
                    rounds++;
                    if (how.endsWith("mid-call")) {
                        proxy.slowNextReply("RunInstances", Duration.ofSeconds(5));
                    } else if (how.equals("lost-reply")) {
                        proxy.loseNextReply("RunInstances");
                    }
                    assertThat(c.patch("/domains/" + d, "{\"vm_count\": " + SIZE + "}").status()).isEqualTo(200);
                    if (how.endsWith("mid-call")) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> proxy.calls("RunInstances") > 0
                                && !liveFor(moto, d).isEmpty());
                    } else if (how.endsWith("random")) {
                        Thread.sleep(random.nextInt(150)); // the crash's random moment, not a wait for anything
                    }
                    if (!how.equals("lost-reply")) {
                        if (how.startsWith("kill")) {
                            specter.kill();
                        } else {
                            specter.terminate();
                        }
                        specter.restart();
                    }
                    Client cc = specter.client(user);
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> Convergence.converged(cc, d, SIZE));
                    assertThat(liveFor(moto, d)).as(how + ": live VMs at the cloud").hasSize(SIZE);
                    assertThat(everFor(moto, d)).as(how + ": VMs ever launched for the domain").hasSize(SIZE);

                    assertThat(cc.patch("/domains/" + d, "{\"vm_count\": 0}").status()).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> Convergence.converged(cc, d, 0));
                    await().atMost(Duration.ofSeconds(30)).until(() -> liveFor(moto, d).isEmpty());
                    proxy.reset();
                    c = cc;
                }
                System.out.printf("ec2 crash/restart: %d rounds (kill -9 mid-call and at random, SIGTERM at random, "
                        + "lost reply), %d VMs each, 0 launched twice, 0 left running%n", rounds, SIZE);
            }
        }
    }

    static List<Instance> everFor(MotoServer moto, String domainId) {
        return MotoEc2.instances(moto.endpoint()).stream()
                .filter(i -> domainId.equals(MotoEc2.tags(i).get(OwnershipTags.DOMAIN))).toList();
    }

    static List<Instance> liveFor(MotoServer moto, String domainId) {
        return MotoEc2.live(moto.endpoint()).stream()
                .filter(i -> domainId.equals(MotoEc2.tags(i).get(OwnershipTags.DOMAIN))).toList();
    }
}
