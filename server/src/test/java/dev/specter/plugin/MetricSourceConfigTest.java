package dev.specter.plugin;

import dev.specter.metric.cloudwatch.CloudWatchSource;
import dev.specter.settings.ConfigException;
import dev.specter.config.ConfigLoader;
import dev.specter.config.SpecterConfig;
import dev.specter.metric.MetricSource;
import dev.specter.metric.prometheus.PrometheusSource;
import dev.specter.server.SpecterServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Metric sources as the operator configures them: every mistake names its key. */
class MetricSourceConfigTest {
    @TempDir
    Path dir;

    SpecterConfig load(String yaml) throws Exception {
        Path file = dir.resolve("specter.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of(), SpecterServer.DRIVER_KINDS);
    }

    @Test
    void sourcesAndSiteDefaultsAreRead() throws Exception {
        SpecterConfig c = load("""
                metrics:
                  retention: 30m
                  sources:
                    prom: {kind: prometheus, url: "http://127.0.0.1:9090", timeout: 3s, max_concurrent_queries: 4}
                    cw: {kind: cloudwatch, region: us-east-1, endpoint: "http://127.0.0.1:5000",
                         access_key_id: AK, secret_access_key: SK, period: 2m}
                sites:
                  hotel: {driver: sim, credentials: none, metrics: prom}
                  sierra: {driver: sim, credentials: none}
                """);
        assertThat(c.metrics().retention()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.sites()).filteredOn(s -> s.name().equals("hotel")).singleElement()
                .satisfies(s -> assertThat(s.metricSource()).isEqualTo("prom"));
        assertThat(c.sites()).filteredOn(s -> s.name().equals("sierra")).singleElement()
                .satisfies(s -> assertThat(s.metricSource()).as("a sim site defaults to sim").isEqualTo("sim"));
        MetricSource prom = MetricSourceKinds.create("prom", c.metrics().sources().get("prom"));
        assertThat(prom).isInstanceOf(PrometheusSource.class);
        assertThat(((PrometheusSource) prom).settings().timeout()).isEqualTo(Duration.ofSeconds(3));
        try (CloudWatchSource cw = (CloudWatchSource) MetricSourceKinds.create("cw", c.metrics().sources().get("cw"))) {
            assertThat(cw.settings().period()).isEqualTo(Duration.ofMinutes(2));
            assertThat(cw.settings().toString()).doesNotContain("SK");
        }
        ((AutoCloseable) prom).close();
    }

    @Test
    void mistakesNameTheirKey() {
        assertThatThrownBy(() -> MetricSourceKinds.create("x", Map.of("kind", "graphite")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("metrics.sources.x.kind' must be prometheus or cloudwatch, got 'graphite'");
        assertThatThrownBy(() -> MetricSourceKinds.create("p", Map.of("kind", "prometheus")))
                .hasMessageContaining("metrics.sources.p.url' is missing");
        assertThatThrownBy(() -> MetricSourceKinds.create("p", Map.of("kind", "prometheus", "url", "nowhere")))
                .hasMessageContaining("metrics.sources.p.url' must be an http(s) URL");
        assertThatThrownBy(() -> MetricSourceKinds.create("p", Map.of("kind", "prometheus", "url", "http://h:1",
                "querry", "up"))).hasMessageContaining("metrics.sources.p.querry' is not a known setting");
        assertThatThrownBy(() -> MetricSourceKinds.create("c", Map.of("kind", "cloudwatch", "region", "us-east-1",
                "access_key_id", "AK"))).hasMessageContaining("give both access_key_id and secret_access_key");
        assertThatThrownBy(() -> MetricSourceKinds.create("c", Map.of("kind", "cloudwatch")))
                .hasMessageContaining("metrics.sources.c.region' is missing");
        assertThatThrownBy(() -> load("metrics: {sources: {push: {kind: prometheus}}}"))
                .hasMessageContaining("metrics.sources.push' is built in");
        assertThatThrownBy(() -> load("metrics: {sources: {prom: {url: x}}}"))
                .hasMessageContaining("metrics.sources.prom.kind' is missing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            kind=prometheus|url=http://h:1|timeout=soon                 ; timeout                ; must be a duration like 250ms, 30s, 5m, 1h or 2d, got 'soon'
            kind=prometheus|url=http://h:1|timeout=0s                   ; timeout                ; must be more than 0
            kind=prometheus|url=http://h:1|max_concurrent_queries=many  ; max_concurrent_queries ; must be an integer, got 'many'
            kind=prometheus|url=http://h:1|max_concurrent_queries=-2    ; max_concurrent_queries ; must be between 1 and 999, got -2
            kind=prometheus|url=http://h:1|max_concurent_queries=2      ; max_concurent_queries  ; is not a known setting (known: domain_query, max_concurrent_queries, query, timeout, url)
            kind=prometheus|url=http://h:1/?q=1                         ; url                    ; must have no query or fragment
            kind=cloudwatch|region=us-east-1|period=a minute            ; period                 ; must be a duration like
            kind=cloudwatch|region=us-east-1|timeout=0ms                ; timeout                ; must be more than 0
            kind=cloudwatch|region=us-east-1|endpoint=ftp://x           ; endpoint               ; must be an http(s) URL
            kind=cloudwatch|region=us-east-1|dimension=InstanceId       ; dimension              ; is not a known setting (known: access_key_id, domain_dimension, endpoint
            """)
    void badSourceSettingsNameTheirFullKey(String settings, String key, String problem) {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        for (String pair : settings.split("\\|")) {
            s.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThatThrownBy(() -> MetricSourceKinds.create("src", s)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config key 'metrics.sources.src." + key + "' " + problem);
    }
}
