package dev.specter.config;

import dev.specter.plugin.CloudSites;
import dev.specter.server.SpecterServer;
import dev.specter.settings.ConfigException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every bad value, in the server's own sections or in a site's driver settings, is one
 * {@link ConfigException} naming the full dotted key. (Metric sources: {@code MetricSourceConfigTest}.)
 */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    /** Loads the file and binds every site's settings, as {@code specter serve} does before it runs. */
    private void load(String yaml) throws IOException {
        Path file = dir.resolve("specter.yaml");
        Files.writeString(file, yaml.replace("|", "\n"));
        SpecterConfig config = ConfigLoader.load(file, Map.of(), SpecterServer.DRIVER_KINDS);
        new CloudSites(config.sites(), dir, InstantSource.system()).close();
    }

    private static final String HOTEL = "sites:|  hotel:|    driver: sim|";
    private static final String AWS = "sites:|  aws:|    driver: ec2|    settings:|      region: us-east-1|";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            # unknown key, at each level
            htp:|  port: 80                              ; htp                                   ; is not a known setting (known: control, data, database, http, limits, master_key, metrics, retention, security, sites)
            http:|  prot: 80                             ; http.prot                             ; is not a known setting (known: host, port, prefix)
            retention:|  activities:|    max_size: 10    ; retention.activities.max_size         ; is not a known setting (known: max_age, max_per_domain)
            sites:|  hotel:|    drvier: sim              ; sites.hotel.drvier                    ; is not a known setting (known: credentials, driver, instance_types, metrics, settings)
            HOTEL    settings:|      max_concurent_calls: 3 ; sites.hotel.settings.max_concurent_calls ; is not a known setting (known: api_latency, boot_failure_rate
            AWS      colour: red                         ; sites.aws.settings.colour             ; is not a known setting (known: access_key_id, endpoint, region
            # bad duration
            control:|  boot_timeout: soon                ; control.boot_timeout                  ; must be a duration like 250ms, 30s, 5m, 1h or 2d, got 'soon'
            control:|  boot_timeout: 0.5ms               ; control.boot_timeout                  ; must be a whole number of milliseconds, got '0.5ms'
            metrics:|  retention: 15 minutes             ; metrics.retention                     ; must be a duration like
            HOTEL    settings:|      boot_time: soon     ; sites.hotel.settings.boot_time        ; must be a duration like 250ms, 30s, 5m, 1h or 2d, got 'soon'
            HOTEL    settings:|      api_timeout: soon   ; sites.hotel.settings.api_timeout      ; must be a duration like
            # bad number
            http:|  port: eighty                         ; http.port                             ; must be an integer, got 'eighty'
            limits:|  max_vm_count: 1.5                  ; limits.max_vm_count                   ; must be an integer, got '1.5'
            HOTEL    settings:|      capacity: lots      ; sites.hotel.settings.capacity         ; must be an integer, got 'lots'
            HOTEL    settings:|      boot_failure_rate: often ; sites.hotel.settings.boot_failure_rate ; must be a number, got 'often'
            HOTEL    settings:|      api_concurrency: lots ; sites.hotel.settings.api_concurrency ; must be an integer, got 'lots'
            HOTEL    settings:|      api_rate: fast      ; sites.hotel.settings.api_rate         ; must be a number, got 'fast'
            # wrong type or shape
            http: 8080                                   ; http                                  ; must be a mapping
            http:|  port: [80, 81]                       ; http.port                             ; must be a single value
            database:|  synchronous: sometimes           ; database.synchronous                  ; must be one of full, normal, got 'sometimes'
            HOTEL    credentials: maybe                  ; sites.hotel.credentials               ; must be one of none, required, got 'maybe'
            HOTEL    instance_types: {small: 1}          ; sites.hotel.instance_types            ; must be a list
            HOTEL    settings:|      capacity: [1]       ; sites.hotel.settings.capacity         ; must be a single value
            HOTEL    settings: 3                         ; sites.hotel.settings                  ; must be a mapping
            sites: none                                  ; sites                                 ; must be a mapping
            AWS      endpoint: ftp://x                   ; sites.aws.settings.endpoint           ; must be an http(s) URL
            AWS      endpoint: http://a b                ; sites.aws.settings.endpoint           ; must be a URL, got 'http://a b'
            data: [a]                                    ; data                                  ; must be a single value
            # out of range, negative where not allowed
            limits:|  max_vm_count: -1                   ; limits.max_vm_count                   ; must be between 0 and 1000000, got -1
            limits:|  max_name_length: 129               ; limits.max_name_length                ; must be between 1 and 128, got 129
            control:|  site_failure_threshold: -3        ; control.site_failure_threshold        ; must be between 1 and 1000, got -3
            control:|  site_backoff: -30s                ; control.site_backoff                  ; must be a duration like
            security:|  login_failures_per_user: 0       ; security.login_failures_per_user      ; must be between 1 and 1000000, got 0
            database:|  pool_size: 0                     ; database.pool_size                    ; must be between 1 and 1000, got 0
            retention:|  activities:|    max_age: 0d     ; retention.activities.max_age          ; must be more than 0 and at most 36500d
            HOTEL    settings:|      capacity: -5        ; sites.hotel.settings.capacity         ; must be between -1 and 10000000, got -5
            HOTEL    settings:|      launch_failure_rate: -0.1 ; sites.hotel.settings.launch_failure_rate ; must be a number between 0.0 and 1.0, got -0.1
            HOTEL    settings:|      api_concurrency: 0  ; sites.hotel.settings.api_concurrency  ; must be between 1 and 10000, got 0
            HOTEL    settings:|      api_rate: -1        ; sites.hotel.settings.api_rate         ; must be a number between 0.0 and 1000000.0, got -1.0
            HOTEL    settings:|      api_timeout: 0s     ; sites.hotel.settings.api_timeout      ; must be more than 0, got '0ms'
            # missing, or not one of what this build has
            sites:|  hotel:|    credentials: none        ; sites.hotel.driver                    ; is missing
            sites:|  hotel:|    driver: openstack        ; sites.hotel.driver                    ; must be one of [ec2, sim], got 'openstack'
            sites:|  aws:|    driver: ec2|    settings:|      subnet_id: s-1 ; sites.aws.settings.region ; is missing
            sites:|  x y:|    driver: sim                ; sites.x y                             ; is not usable as a site name
            """)
    void aBadValueIsReportedWithItsFullKey(String yaml, String key, String problem) {
        String file = yaml.replace("HOTEL", HOTEL).replace("AWS", AWS);
        assertThatThrownBy(() -> load(file)).as(file).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config key '" + key + "' " + problem);
    }
}
