package dev.specter.cli;

import dev.specter.testing.Processes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/specter's AOT cache: whatever state the cache file is in, a start works and the JVM prints
 * nothing about it. The real launcher runs in a sandbox root holding a small stand-in jar (this
 * file's {@link FakeSpecter}), so no build runs and the checkout's own cache is left alone.
 */
@Tag("e2e")
class LauncherCacheTest {
    /** What the JVM prints when it cannot use a cache ("[0.01s][warning][aot] ...", "Error occurred ..."). */
    private static final Pattern JVM_COMPLAINT = Pattern.compile("(?i)\\[(warning|error) *]|error occurred|warning:");
    private static final String RECORDING = "recording the start-up cache";

    @TempDir
    Path root;
    Path cache;
    Path jar;

    @BeforeEach
    void sandbox() throws IOException {
        Path source = Path.of("..").toAbsolutePath().normalize(); // tests run in server/
        Files.createDirectories(root.resolve("bin/lib"));
        for (String f : List.of("bin/specter", "bin/lib/jdk.sh")) {
            Files.copy(source.resolve(f), root.resolve(f));
        }
        Files.setPosixFilePermissions(root.resolve("bin/specter"), PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = root.resolve("server/target/specter.jar");
        Files.createDirectories(jar.getParent());
        writeFakeJar(jar);
        cache = root.resolve("server/target/specter.aot");
    }

    @Test
    void theFirstRunRecordsTheCacheAndLaterRunsUseItSilently() {
        Processes.Result first = specter(Map.of(), "version");
        assertWorked(first);
        assertThat(first.stderr()).contains(RECORDING);
        assertThat(cache).isRegularFile();

        Processes.Result second = specter(Map.of(), "version");
        assertWorked(second);
        assertThat(second.stderr()).isEmpty();
        assertCacheIsUsed();
    }

    @Test
    void aTruncatedCacheIsRemadeAndTheStartPrintsNoWarning() throws IOException {
        assertWorked(specter(Map.of(), "version"));
        long size = Files.size(cache);
        try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
            f.setLength(size / 10); // as a server killed while writing the archive left it
        }

        Processes.Result r = specter(Map.of(), "version");
        assertWorked(r);
        assertThat(r.stderr()).contains(RECORDING);
        assertThat(Files.size(cache)).isGreaterThan(size / 10);
        assertCacheIsUsed();
    }

    @Test
    void aCacheDamagedInTheMiddleIsRemadeNotMapped() throws IOException {
        assertWorked(specter(Map.of(), "version"));
        try (RandomAccessFile f = new RandomAccessFile(cache.toFile(), "rw")) {
            f.seek(Files.size(cache) / 2); // the JVM checks no checksum by default: mapped, such a file can crash it
            f.write(new byte[4096]);
        }

        Processes.Result r = specter(Map.of(), "version");
        assertWorked(r);
        assertThat(r.stderr()).contains(RECORDING);
        assertCacheIsUsed();
    }

    @Test
    void aJarNewerThanTheCacheGetsANewCache() throws IOException {
        assertWorked(specter(Map.of(), "version"));
        FileTime recorded = Files.getLastModifiedTime(cache);
        writeFakeJar(jar); // a rebuild: the JVM itself does not notice (JDK-8377932)
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));

        Processes.Result r = specter(Map.of(), "version");
        assertWorked(r);
        assertThat(r.stderr()).contains(RECORDING);
        assertThat(Files.getLastModifiedTime(cache)).isNotEqualTo(recorded);
        assertCacheIsUsed();
    }

    @Test
    void aFailingTrainingRunLeavesStartsWorkingWithoutACacheAndIsNotRetriedForTheSameJar() throws IOException {
        Processes.Result failed = specter(Map.of("FAKE_TRAINING_FAILS", "1"), "version");
        assertWorked(failed);
        assertThat(failed.stderr()).contains("could not record the start-up cache");
        assertThat(cache).doesNotExist();

        Processes.Result next = specter(Map.of(), "version");
        assertWorked(next);
        assertThat(next.stderr()).isEmpty();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Processes.Result rebuilt = specter(Map.of(), "version");
        assertWorked(rebuilt);
        assertThat(rebuilt.stderr()).contains(RECORDING);
        assertCacheIsUsed();
    }

    @Test
    void concurrentFirstRunsRecordTheCacheOnce() {
        List<CompletableFuture<Processes.Result>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(CompletableFuture.supplyAsync(() -> specter(Map.of(), "version")));
        }
        int recorded = 0;
        for (CompletableFuture<Processes.Result> run : runs) {
            Processes.Result r = run.join();
            assertWorked(r);
            recorded += r.stderr().contains(RECORDING) ? 1 : 0;
        }
        assertThat(recorded).isEqualTo(1);
        assertCacheIsUsed();
    }

    /** With -XX:AOTMode=on the JVM refuses to start unless it maps the cache it was given. */
    private void assertCacheIsUsed() {
        Processes.Result r = specter(Map.of("SPECTER_JAVA_OPTS", "-XX:AOTMode=on"), "version");
        assertThat(r.exitCode()).as("the JVM uses the cache: " + r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
    }

    private static void assertWorked(Processes.Result r) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("fake specter\n");
        assertThat(JVM_COMPLAINT.matcher(r.stdout() + r.stderr()).find()).as(r.stderr()).isFalse();
    }

    private Processes.Result specter(Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/specter").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putIfAbsent("SPECTER_JAVA_OPTS", "");
        return Processes.run(cmd, env, root, 120);
    }

    private static void writeFakeJar(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeSpecter.class.getName());
        String entry = FakeSpecter.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
             InputStream in = FakeSpecter.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
    }

    /** Stands in for specter.jar: answers {@code version} and {@code startup-training}. */
    static final class FakeSpecter {
        public static void main(String[] args) throws Exception {
            if (args.length > 0 && args[0].equals("startup-training")) {
                if (System.getenv("FAKE_TRAINING_FAILS") != null) {
                    System.exit(1);
                }
                // something to record beyond start-up itself
                System.out.println(java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString)
                        .collect(java.util.stream.Collectors.joining(",")).length());
                return;
            }
            System.out.println("fake specter");
        }
    }
}
