package dev.specter.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A process a test starts (a server, a client script, another JVM), stopped whatever the outcome:
 * by {@link #close()} (tests hold it in try-with-resources or close it in {@code @AfterAll}), and,
 * should the test JVM exit first (a failure before the close was reached, a fork being ended), by a
 * shutdown hook. Stopping takes the whole process tree: SIGTERM, then SIGKILL.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.hook = Thread.ofPlatform().unstarted(() -> kill(process));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code pb} with its output (stdout and stderr) appended to {@code log}. */
    public static ChildProcess start(String name, ProcessBuilder pb, Path log) {
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return launch(name, pb, log);
    }

    /** Starts {@code pb} with the redirections it has (its caller reads the output). */
    public static ChildProcess start(String name, ProcessBuilder pb) {
        return launch(name, pb, null);
    }

    private static ChildProcess launch(String name, ProcessBuilder pb, Path log) {
        try {
            return new ChildProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", pb.command()) + ")", e);
        }
    }

    /**
     * Waits until {@code ready} answers true, taking an {@link IOException} it throws, or one that
     * caused what it throws (a port not yet open: {@code ConnectException}, a connection reset while
     * the server starts), as "not yet", for
     * at most {@code deadline}. Fails at once if the process exits; on any failure the process is
     * stopped before the exception leaves, so a server that never came up is not left running.
     */
    public ChildProcess awaitReady(Duration deadline, Callable<Boolean> ready) {
        try {
            await(name + " ready").atMost(deadline).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptionsMatching(ChildProcess::notListeningYet)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(name + " exited with " + process.exitValue() + ": "
                                    + output());
                        }
                        return ready.call();
                    });
            return this;
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException(name + " was not ready within " + deadline + ": " + output(), e);
        } catch (Throwable e) {
            close();
            throw e;
        }
    }

    private static boolean notListeningYet(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** Where its output goes, when it prints to a log of its own (else null). */
    public Path log() {
        return log;
    }

    /** Everything the process printed so far (when it prints to a log of its own). */
    public String output() {
        if (log == null) {
            return "";
        }
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits for the process to end by itself; false if it still runs after {@code max}. */
    public boolean waitFor(Duration max) throws InterruptedException {
        return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL (kill -9), as a crash would; the process is gone when this returns. */
    public void kill() {
        kill(process);
    }

    /** SIGTERM to the process and its children, then SIGKILL to whatever still runs after a grace period. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            children.forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            children.forEach(ChildProcess::kill); // those that outlived their parent's SIGTERM
            kill(process);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the same process
            }
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ChildProcess::kill);
        kill(process.toHandle());
    }

    /** SIGKILL, then waits (a bounded while) until the process is gone. */
    private static void kill(ProcessHandle p) {
        p.destroyForcibly();
        try {
            p.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the kernel did not report its end in time; nothing more a test can do
        }
    }
}
