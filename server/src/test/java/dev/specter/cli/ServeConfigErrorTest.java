package dev.specter.cli;

import dev.specter.testing.Processes;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code specter serve} with a bad configuration: a non-zero exit and one line naming the key. */
class ServeConfigErrorTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "http:|  port: eighty ; specter: config key 'http.port' must be an integer, got 'eighty'",
            "sites:|  hotel:|    driver: sim|    settings:|      api_concurrency: lots"
                    + " ; specter: config key 'sites.hotel.settings.api_concurrency' must be an integer, got 'lots'"})
    void exitsNonZeroPrintingTheKey(String yaml, String line) throws Exception {
        Path file = Files.writeString(dir.resolve("specter.yaml"), yaml.replace("|", "\n"));
        Processes.Result r = Processes.run(Processes.java("dev.specter.cli.Main", "serve", "--config", file.toString(),
                "--data", dir.resolve("data").toString(), "--port", "0"), Map.of(), null, 60);
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertThat(r.stderr().strip()).as(r.stdout()).isEqualTo(line);
    }
}
