package dev.specter.metric.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.specter.cloud.ObservedVm;
import dev.specter.cloud.VmState;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import dev.specter.testing.LaunchConfigJson;
import dev.specter.testing.TestServer;
import dev.specter.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sensor domain reading a real Prometheus (configured as a named source) that scrapes the load of
 * each running simulated VM; then Prometheus goes away: the failure shows in the activities, the
 * domain holds, and other domains keep their reaction.
 */
@Tag("e2e")
@Timeout(180)
class PrometheusScalingTest {
    static HttpServer exporter;
    static PrometheusProcess prometheus;
    static TestServer server;
    static TestUser user;
    static volatile double load = 3;

    @BeforeAll
    static void start() throws IOException {
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        exporter.createContext("/metrics", exchange -> {
            StringBuilder text = new StringBuilder();
            if (server != null) {
                for (ObservedVm vm : server.sim("hotel").all()) {
                    if (vm.state() == VmState.RUNNING) {
                        text.append("app_load{vm=\"").append(vm.iaasId()).append("\"} ").append(load).append('\n');
                    }
                }
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        prometheus = PrometheusProcess.start(List.of("127.0.0.1:" + exporter.getAddress().getPort()), "/metrics");
        server = TestServer.start("""
                metrics:
                  sources:
                    prom:
                      kind: prometheus
                      url: "%s"
                      query: '{fn}_over_time({metric}{vm="{iaas_id}"}[{window}])'
                      timeout: 2s
                """.formatted(prometheus.url()), TestServer::fast);
        user = server.user("prom");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        exporter.stop(0);
    }

    @Test
    void aDomainScalesOnPrometheusAndHoldsWhenPrometheusIsGone() {
        Client c = server.client(user);
        LaunchConfigJson.named("lc").site("hotel", -1, 1).createWith(c);
        String id = c.post("/domains", """
                {"name": "prom", "de_name": "sensor", "lc_name": "lc", "sensor_metric": "app_load",
                 "sensor_minimum_vms": 1, "sensor_maximum_vms": 2, "sensor_scale_up_threshold": 1.0,
                 "sensor_scale_up_vms": 1, "sensor_scale_down_threshold": 0.1, "sensor_scale_down_vms": 1,
                 "sensor_cooldown": 0, "metric_source": "prom", "metric_sample_window": 5,
                 "metric_evaluation_period": 1}""").json().get("id").asText();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> Convergence.running(c, id).size() == 2);
        assertThat(causes(c, id, "scale")).anySatisfy(s -> assertThat(s).contains("average app_load 3 over 1 of 1",
                "1 -> 2"));
        JsonNode instance = c.get("/domains/" + id + "/instances").json().get(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(c.get("/domains/" + id + "/instances/"
                + instance.get("id").asText()).json().path("sensor_data").path("app_load").path("average").asDouble())
                .isEqualTo(3.0));

        prometheus.close();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> !causes(c, id, "source_failed").isEmpty());
        assertThat(causes(c, id, "source_failed").getFirst()).contains("no app_load readings (prom:", "holding 2");
        assertThat(Convergence.running(c, id)).as("holds its size without readings").hasSize(2);

        // the failing source holds up nobody: another domain still converges
        String other = c.post("/domains", "{\"name\": \"fixed\", \"de_name\": \"multicloud\", \"lc_name\": \"lc\", "
                + "\"vm_count\": 1}").json().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> Convergence.converged(c, other, 1));
    }

    static List<String> causes(Client c, String id, String action) {
        List<String> out = new ArrayList<>();
        c.get("/domains/" + id + "/activities").json().forEach(a -> {
            if (a.get("action").asText().equals(action)) {
                out.add(a.get("cause").asText());
            }
        });
        return out;
    }
}
