package dev.specter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's real clients (python scripts, the CLI in its own JVM) as subprocesses. */
public final class Processes {
    private Processes() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            Path out = java.nio.file.Files.createTempFile("proc", ".out");
            Path err = java.nio.file.Files.createTempFile("proc", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s; stdout: "
                        + java.nio.file.Files.readString(out) + "; stderr: " + java.nio.file.Files.readString(err));
            }
            return new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
