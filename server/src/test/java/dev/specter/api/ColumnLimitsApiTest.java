package dev.specter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.specter.store.sql.TestDatabases;
import dev.specter.testing.Client;
import dev.specter.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every length-limited column a request fills, through a real server: the field at exactly its
 * column's size is stored whole, one character more is a 400 naming the field and the limit, and a
 * GET afterwards shows nothing changed. Without the check PostgreSQL refuses the write (a 500
 * here) and SQLite keeps it (a 2xx here), so a missing check fails either way.
 *
 * <p>Each case runs on the embedded SQLite and on PostgreSQL, whose varchar(n) counts characters
 * (code points) as the checks do: 🚀 is one character in two Java chars.
 */
class ColumnLimitsApiTest extends ApiTestSupport {
    static final String ROCKET = "\uD83D\uDE80";
    static final List<String> ASCII = List.of("x");
    static final List<String> ANY = List.of("x", ROCKET);
    static final String LONG_LC = "l".repeat(128);
    static String schema;
    static TestServer postgres;
    static List<Env> envs;

    /** A user on one server with the tutorial LC and domain, and an LC whose name is as long as allowed. */
    record Env(String store, Client client, String lcId, String domainId, AtomicInteger names) {
        String fresh() {
            return "n" + names.incrementAndGet();
        }

        JsonNode get(String path) {
            Client.Reply r = client.get(path);
            assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
            return r.json();
        }

        /** What the user has, without sensor_data (readings may arrive at any time). */
        String state() {
            ArrayNode domains = (ArrayNode) get("/domains");
            domains.forEach(d -> ((ObjectNode) d).remove("sensor_data"));
            return Stream.of("/launchconfigurations", "/credentials/sites?details=true", "/sensors")
                    .map(p -> get(p).toString()).reduce(domains.toString(), String::concat);
        }
    }

    /**
     * One limited field: the request that sets it (a body made from the value) and where a GET shows
     * the stored value (a list holding it, or null when it is not shown). {@code bytes}: the limit is
     * in UTF-8 bytes, not characters.
     */
    record Field(String field, int limit, boolean bytes, List<String> units, String method,
                 Function<Env, String> path, BiFunction<Env, String, String> body,
                 BiFunction<Env, Client.Reply, JsonNode> stored) {
        Field(String field, int limit, List<String> units, String method, Function<Env, String> path,
              BiFunction<Env, String, String> body, BiFunction<Env, Client.Reply, JsonNode> stored) {
            this(field, limit, false, units, method, path, body, stored);
        }

        /** The field's value: {@code n} characters of {@code unit} (bytes when the limit is in bytes). */
        String value(String unit, int more) {
            int n = (bytes ? limit / unit.getBytes(StandardCharsets.UTF_8).length : limit) + more;
            return field.equals("key") ? paddedKey(unit, n) : unit.repeat(n);
        }
    }

    @BeforeAll
    static void servers() {
        schema = TestDatabases.newPostgresSchema();
        postgres = TestServer.start(c -> c.withDatabase(c.database().withUrl(schema)));
        envs = List.of(env("sqlite", server), env("postgres", postgres));
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
        TestDatabases.dropPostgresSchema(schema);
    }

    static Env env(String store, TestServer s) {
        Client c = s.client(s.user("limits" + store));
        String domainId = tutorialDomain(c);
        String lcId = c.get("/launchconfigurations").json().get(0).get("id").asText();
        assertThat(c.post("/launchconfigurations", lc(LONG_LC, "img", "m1.small")).status()).isEqualTo(201);
        assertThat(c.post("/credentials/sites", credentials("A", "s", "k")).status()).isEqualTo(201);
        return new Env(store, c, lcId, domainId, new AtomicInteger());
    }

    static String lc(String name, String imageId, String instanceType) {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.putObject("cloud_params").putObject("hotel").put("image_id", imageId).put("instance_type", instanceType)
                .put("max_vms", 1).put("common", true).put("rank", 1);
        return o.toString();
    }

    static ObjectNode domain(String name, String lcName) {
        ObjectNode o = Json.object();
        o.put("name", name).put("de_name", "multicloud").put("lc_name", lcName).put("vm_count", 0);
        return o;
    }

    static ObjectNode sensor(String name, String metric) {
        ObjectNode o = Json.object();
        o.put("name", name).put("de_name", "sensor").put("lc_name", "my_launch_config").put("sensor_metric", metric)
                .put("sensor_minimum_vms", 0).put("sensor_maximum_vms", 2).put("sensor_scale_up_threshold", 1)
                .put("sensor_scale_up_vms", 1).put("sensor_scale_down_threshold", 0.5).put("sensor_scale_down_vms", 1)
                .put("sensor_cooldown", 60);
        return o;
    }

    static ObjectNode target(String name, String metric) {
        ObjectNode o = Json.object();
        o.put("name", name).put("de_name", "target").put("lc_name", "my_launch_config").put("target_metric", metric)
                .put("target_value", 50).put("target_minimum_vms", 0).put("target_maximum_vms", 2);
        return o;
    }

    static String credentials(String accessKey, String secretKey, String keyName) {
        ObjectNode o = Json.object();
        o.put("id", "hotel").put("access_key", accessKey).put("secret_key", secretKey).put("key_name", keyName);
        return o.toString();
    }

    static String key(String name, String key) {
        return Json.object().put("name", name).put("key", key).toString();
    }

    /** A valid key whose comment pads it to {@code n} of {@code unit}, the key itself counted as ASCII. */
    static String paddedKey(String unit, int n) {
        String base = SiteAndCredentialApiTest.KEY.substring(0, SiteAndCredentialApiTest.KEY.lastIndexOf(' ') + 1);
        return base + unit.repeat(n - base.length());
    }

    static JsonNode createdLc(Env e, Client.Reply r) {
        return e.get("/launchconfigurations/" + r.json().get("id").asText());
    }

    static JsonNode createdDomain(Env e, Client.Reply r) {
        return e.get("/domains/" + r.json().get("id").asText());
    }

    static List<Field> fields() {
        String lcs = "/launchconfigurations";
        return List.of(
                new Field("name", 128, ASCII, "POST", e -> lcs, (e, v) -> lc(v, "img", "m1.small"),
                        (e, r) -> createdLc(e, r).get("name")),
                new Field("cloud_params.hotel.image_id", 1024, ANY, "POST", e -> lcs,
                        (e, v) -> lc(e.fresh(), v, "m1.small"), (e, r) -> createdLc(e, r).at("/cloud_params/hotel/image_id")),
                new Field("cloud_params.hotel.instance_type", 256, ANY, "POST", e -> lcs,
                        (e, v) -> lc(e.fresh(), "img", v), (e, r) -> createdLc(e, r).at("/cloud_params/hotel/instance_type")),
                new Field("cloud_params.hotel.image_id", 1024, ANY, "PUT", e -> lcs + "/" + e.lcId(),
                        (e, v) -> lc("my_launch_config", v, "m1.small"),
                        (e, r) -> e.get(lcs + "/" + e.lcId()).at("/cloud_params/hotel/image_id")),

                new Field("name", 128, ASCII, "POST", e -> "/domains",
                        (e, v) -> domain(v, "my_launch_config").toString(), (e, r) -> createdDomain(e, r).get("name")),
                new Field("lc_name", 128, List.of("l"), "POST", e -> "/domains",
                        (e, v) -> domain(e.fresh(), v).toString(),
                        (e, r) -> createdDomain(e, r).get("lc_name")),
                new Field("sensor_metric", 256, ANY, "POST", e -> "/domains",
                        (e, v) -> sensor(e.fresh(), v).toString(), (e, r) -> createdDomain(e, r).get("sensor_metric")),
                new Field("target_metric", 256, ANY, "POST", e -> "/domains",
                        (e, v) -> target(e.fresh(), v).toString(), (e, r) -> createdDomain(e, r).get("target_metric")),
                new Field("monitor_sensors", 256, ANY, "POST", e -> "/domains",
                        (e, v) -> domain(e.fresh(), "my_launch_config").put("monitor_sensors", v).toString(),
                        (e, r) -> createdDomain(e, r).get("monitor_sensors")),
                new Field("monitor_domain_sensors", 256, ANY, "POST", e -> "/domains",
                        (e, v) -> domain(e.fresh(), "my_launch_config").put("monitor_domain_sensors", v).toString(),
                        (e, r) -> createdDomain(e, r).get("monitor_domain_sensors")),
                new Field("metric_source", 64, ASCII, "POST", e -> "/domains",
                        (e, v) -> domain(e.fresh(), "my_launch_config").put("metric_source", v).toString(),
                        (e, r) -> createdDomain(e, r).get("metric_source")),
                new Field("metric_query", 4096, ANY, "POST", e -> "/domains",
                        (e, v) -> domain(e.fresh(), "my_launch_config").put("metric_query", v).toString(),
                        (e, r) -> createdDomain(e, r).get("metric_query")),
                new Field("monitor_sensors", 256, ANY, "PATCH", e -> "/domains/" + e.domainId(),
                        (e, v) -> Json.object().put("monitor_sensors", v).toString(),
                        (e, r) -> e.get("/domains/" + e.domainId()).get("monitor_sensors")),
                new Field("name", 128, List.of("y"), "PUT", e -> "/domains/" + e.domainId(),
                        (e, v) -> domain(v, "my_launch_config").toString(),
                        (e, r) -> e.get("/domains/" + e.domainId()).get("name")),

                new Field("access_key", 1024, ANY, "POST", e -> "/credentials/sites",
                        (e, v) -> credentials(v, "s", "k"), (e, r) -> e.get("/credentials/sites/hotel").get("access_key")),
                new Field("key_name", 1024, ANY, "PUT", e -> "/credentials/sites/hotel",
                        (e, v) -> credentials("A", "s", v), (e, r) -> e.get("/credentials/sites/hotel").get("key_name")),
                new Field("secret_key", 2048, true, List.of("x", "é", ROCKET), "POST", e -> "/credentials/sites",
                        (e, v) -> credentials("A", v, "k"), (e, r) -> null),

                new Field("name", 128, ASCII, "POST", e -> "/sites/hotel/sshkeys",
                        (e, v) -> key(v, SiteAndCredentialApiTest.KEY),
                        (e, r) -> e.get("/credentials/sites/hotel?details=true").get("available_keys")),
                new Field("key", 16_384, ANY, "POST", e -> "/sites/hotel/sshkeys", (e, v) -> key("k", v),
                        (e, r) -> r.json().get("key")));
    }

    @TestFactory
    Stream<DynamicTest> eachFieldIsStoredWholeAtItsLimitAndRefusedOneBeyond() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Env e : envs) {
            for (Field f : fields()) {
                for (String unit : f.units()) {
                    String label = e.store() + ": " + f.method() + " " + f.field() + " of " + (unit.length() == 1
                            ? unit : "U+" + Integer.toHexString(unit.codePointAt(0)).toUpperCase());
                    tests.add(DynamicTest.dynamicTest(label + " at the limit", () -> {
                        String value = f.value(unit, 0);
                        Client.Reply r = e.client().send(f.method(), f.path().apply(e), f.body().apply(e, value), null);
                        assertThat(r.status()).as(label + " -> " + r).isBetween(200, 201);
                        JsonNode stored = f.stored().apply(e, r);
                        if (stored != null && stored.isArray()) {
                            List<String> all = new ArrayList<>();
                            stored.forEach(n -> all.add(n.asText()));
                            assertThat(all).as(label + " is stored whole").contains(value);
                        } else if (stored != null) {
                            assertThat(stored.asText()).as(label + " is stored whole").isEqualTo(value);
                        }
                    }));
                    tests.add(DynamicTest.dynamicTest(label + " one over the limit", () -> {
                        String before = e.state();
                        String value = f.value(unit, 1);
                        Client.Reply r = e.client().send(f.method(), f.path().apply(e), f.body().apply(e, value), null);
                        assertError(r, 400, f.field(), Integer.toString(f.limit()));
                        assertThat(e.state()).as("nothing changed by " + label).isEqualTo(before);
                    }));
                }
            }
        }
        return tests.stream();
    }

    /**
     * Pushed readings are judged one by one (an answer of 200 lists the rejected): a metric name at
     * the limit is stored and listed by GET /sensors, one character longer is rejected and not listed.
     */
    @TestFactory
    Stream<DynamicTest> pushedMetricNamesAreLimitedLikeTheirColumn() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Env e : envs) {
            for (String unit : ANY) {
                tests.add(DynamicTest.dynamicTest(e.store() + ": pushed metric of " + unit, () -> {
                    String[] names = {unit.repeat(255) + "a", unit.repeat(256) + "b"};
                    ArrayNode body = Json.MAPPER.createArrayNode();
                    for (String n : names) {
                        body.addObject().put("metric", n).put("value", 1).put("domain", e.domainId());
                    }
                    Client.Reply r = e.client().post("/sensors/data", body.toString());
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    assertThat(r.json().get("accepted").asInt()).as(r.toString()).isEqualTo(1);
                    assertThat(r.json().get("rejected")).as(r.toString()).hasSize(1);
                    assertThat(r.json().at("/rejected/0/index").asInt()).isEqualTo(1);
                    assertThat(r.json().at("/rejected/0/error").asText()).contains("256 characters");
                    List<String> listed = new ArrayList<>();
                    e.get("/sensors").forEach(s -> listed.add(s.get("id").asText()));
                    assertThat(listed).contains(names[0]).doesNotContain(names[1]);
                }));
            }
        }
        return tests.stream();
    }
}
