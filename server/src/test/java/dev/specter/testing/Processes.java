package dev.specter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the project's real clients (python scripts, the CLI in its own JVM) as subprocesses. */
public final class Processes {
    private Processes() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs {@code command} to its end and returns what it printed; one still running after
     * {@code timeoutSeconds} has hung: it is stopped and the call fails.
     */
    public static Result run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Path out;
        Path err;
        try {
            out = Files.createTempFile("proc", ".out");
            err = Files.createTempFile("proc", ".err");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        try (ChildProcess p = ChildProcess.start(String.join(" ", command), pb)) {
            if (!p.waitFor(Duration.ofSeconds(timeoutSeconds))) {
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s; stdout: "
                        + read(out) + "; stderr: " + read(err));
            }
            return new Result(p.process().exitValue(), read(out), read(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    /**
     * A command line running {@code mainClass} in a fresh JVM on this test's classpath; the C1
     * compiler alone keeps the many start-ups of the crash tests quick. (A class-data archive would
     * help more, but the test classpath holds directories, which CDS refuses.) Native access is
     * enabled as bin/specter enables it, for SQLite's JDBC driver.
     */
    public static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The script's path in the source tree (tests run with the module directory as working directory). */
    public static Path python(String script) {
        return Path.of("src/test/python", script).toAbsolutePath();
    }
}
