package dev.specter.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specter.testing.Client;
import dev.specter.testing.Convergence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sensor and target engines' fields, pushed readings, the sensors list and sensor_data. */
class SensorApiTest extends ApiTestSupport {
    static final String TARGET_DOMAIN = """
            {"name": "tracker", "de_name": "target", "lc_name": "my_launch_config", "target_metric": "queue",
             "target_value": "12.5", "target_minimum_vms": 0, "target_maximum_vms": 3,
             "target_disable_scale_in": "true", "metric_statistic": "maximum", "metric_sample_window": 30,
             "metric_evaluation_period": 2, "metric_source": "push"}""";

    @Test
    void targetDomainsRoundTripAndDefaultsAreShown() {
        Client c = client(newUser());
        c.post("/launchconfigurations", TUTORIAL_LC);
        Client.Reply created = c.post("/domains", TARGET_DOMAIN);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode d = created.json();
        assertThat(d.get("de_name").asText()).isEqualTo("target");
        assertThat(d.get("target_value").asDouble()).isEqualTo(12.5);
        assertThat(d.get("target_disable_scale_in").asBoolean()).isTrue();
        assertThat(d.get("target_warmup").asInt()).as("default warm-up").isEqualTo(60);
        assertThat(d.get("metric_statistic").asText()).isEqualTo("Maximum");
        assertThat(d.get("metric_source").asText()).isEqualTo("push");
        assertThat(d.get("metric_query").isNull()).isTrue();

        // switch engines by PUT: the GET representation goes back as it is, with the fields of the new engine
        String id = d.get("id").asText();
        Client.Reply sensor = c.put("/domains/" + id, DomainApiTest.SENSOR_DOMAIN.replace("scaler", "tracker"));
        assertThat(sensor.json().get("de_name").asText()).isEqualTo("sensor");
        assertThat(sensor.json().has("target_metric")).isFalse();
        assertThat(sensor.json().get("metric_statistic").asText()).as("full replacement: default again")
                .isEqualTo("Average");
        Client.Reply back = c.put("/domains/" + id, created.json().toString());
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().get("target_metric").asText()).isEqualTo("queue");
    }

    @Test
    void badEngineFieldsAreRefusedByName() {
        Client c = client(newUser());
        c.post("/launchconfigurations", TUTORIAL_LC);
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"target_value\": \"12.5\"", "\"target_value\": 0")),
                400, "target_value", "greater than 0");
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"target_minimum_vms\": 0", "\"target_minimum_vms\": 4")),
                400, "target_minimum_vms", "must not be greater than 'target_maximum_vms'");
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"target_value\": \"12.5\",", "")), 400, "target_value",
                "Mandatory parameter 'target_value' is missing");
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"metric_statistic\": \"maximum\"",
                "\"metric_statistic\": \"median\"")), 400, "metric_statistic", "must be one of [Average, Maximum, Minimum]");
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"metric_sample_window\": 30",
                "\"metric_sample_window\": 0")), 400, "metric_sample_window", "between 1 and 86400");
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"push\"", "\"no such/source\"")), 400, "metric_source",
                "must name a metric source");
        assertError(c.post("/domains", TARGET_DOMAIN.replace("\"target\"", "\"magic\"")), 400, "de_name",
                "supported: multicloud, sensor, target");
        assertError(c.post("/domains", DomainApiTest.SENSOR_DOMAIN.replace("\"sensor_minimum_vms\": \"1\"",
                "\"sensor_minimum_vms\": 6")), 400, "sensor_minimum_vms", "must not be greater");
        assertThat(c.get("/domains").json()).as("nothing stored").isEmpty();
    }

    @Test
    void pushedReadingsAreJudgedOneByOne() {
        Client c = client(newUser());
        String domain = tutorialDomain(c);
        Client other = client(newUser());
        String foreign = tutorialDomain(other);
        long now = Instant.now().getEpochSecond();
        Client.Reply r = c.post("/sensors/data", """
                [{"metric": "queue", "value": 4, "domain": "%s"},
                 {"metric": "queue", "value": "0", "domain": "%s", "time": %d},
                 {"metric": "queue", "value": 1, "domain": "%s", "time": "%s"},
                 {"metric": "queue", "value": 1, "domain": "%s"},
                 {"metric": "queue", "value": 1, "instance": "i-nope"},
                 {"metric": "queue", "value": "many", "domain": "%s"},
                 {"metric": "queue", "value": 1},
                 {"metric": "queue", "value": 1, "domain": "%s", "time": %d},
                 42]""".formatted(domain, domain, now, domain, Instant.now().minusSeconds(5), foreign, domain,
                domain, now - 7200));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(3);
        List<String> errors = new ArrayList<>();
        r.json().get("rejected").forEach(x -> errors.add(x.get("index").asInt() + ": " + x.get("error").asText()));
        assertThat(errors).hasSize(6);
        assertThat(errors.get(0)).startsWith("3: you have no domain");
        assertThat(errors.get(1)).startsWith("4: you have no instance 'i-nope'");
        assertThat(errors.get(2)).startsWith("5: 'value' must be a number");
        assertThat(errors.get(3)).startsWith("6: give either 'instance' or 'domain'");
        assertThat(errors.get(4)).startsWith("7: 'time'").contains("outside the accepted range");
        assertThat(errors.get(5)).startsWith("8: a reading must be an object");

        assertError(c.post("/sensors/data", "{\"metric\": \"queue\"}"), 400, "body", "JSON array");
        assertError(c.post("/sensors/data", "[{"), 400, null, "");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"metric\": \"m\", \"value\": 1, \"domain\": \"").append(domain)
                    .append("\"}");
        }
        assertError(c.post("/sensors/data", many + "]"), 400, "body", "at most 1000 readings");

        List<String> sensors = new ArrayList<>();
        c.get("/sensors").json().forEach(s -> sensors.add(s.get("id").asText()));
        assertThat(sensors).contains("queue", "cpu", "proc.loadavg.1min");
        assertThat(c.get("/sensors/queue").status()).isEqualTo(200);
        List<String> theirs = new ArrayList<>();
        other.get("/sensors").json().forEach(s -> theirs.add(s.get("id").asText()));
        assertThat(theirs).as("another user's pushed metrics are not listed").doesNotContain("queue");
        assertThat(other.get("/sensors/queue").status()).isEqualTo(404);
    }

    @Test
    void readingsOfRunningInstancesAreAcceptedAndShowUpAsSensorData() {
        Client c = client(newUser());
        c.post("/launchconfigurations", TUTORIAL_LC);
        String id = c.post("/domains", """
                {"name": "watched", "de_name": "multicloud", "lc_name": "my_launch_config", "vm_count": 1,
                 "monitor_sensors": "jobs", "monitor_domain_sensors": "backlog", "metric_evaluation_period": 1}""")
                .json().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> Convergence.running(c, id).size() == 1);
        JsonNode instance = Convergence.running(c, id).getFirst();
        String iid = instance.get("id").asText();
        String cloudId = instance.get("iaas_instance_id").asText();
        Client.Reply r = c.post("/sensors/data", """
                [{"metric": "jobs", "value": 3, "instance": "%s"},
                 {"metric": "jobs", "value": 5, "instance": "%s"},
                 {"metric": "backlog", "value": 40, "domain": "%s"}]""".formatted(iid, cloudId, id));
        assertThat(r.json().get("accepted").asInt()).as(r.toString()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode data = c.get("/domains/" + id + "/instances/" + iid).json().get("sensor_data");
            assertThat(data.path("jobs").path("average").asDouble()).isEqualTo(4.0);
            assertThat(data.path("jobs").path("series")).hasSize(2);
            assertThat(c.get("/domains/" + id).json().path("sensor_data").path("backlog").path("average").asDouble())
                    .isEqualTo(40.0);
        });

        // a terminated instance's readings are ignored, not rejected
        c.delete("/domains/" + id + "/instances/" + iid + "?adjust_policy=true");
        await().atMost(Duration.ofSeconds(30)).until(() -> c.get("/domains/" + id + "/instances/" + iid).json()
                .get("lifecycle_state").asText().equals("800-TERMINATED"));
        Client.Reply late = c.post("/sensors/data", "[{\"metric\": \"jobs\", \"value\": 1, \"instance\": \"" + iid
                + "\"}]");
        assertThat(late.json().get("accepted").asInt()).isZero();
        assertThat(late.json().get("ignored").get(0).get("reason").asText()).contains("800-TERMINATED");
    }
}
