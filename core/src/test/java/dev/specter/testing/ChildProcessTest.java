package dev.specter.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every test that starts a server relies on: a port that is not open yet is waited for, and a
 * server that never comes up is not left running (PrometheusSourceTest once failed on a
 * ConnectException during Prometheus' start-up and left prometheus running after the suite).
 */
class ChildProcessTest {
    @TempDir
    Path dir;

    ChildProcess sleeper() {
        return ChildProcess.start("sleeper", new ProcessBuilder("sleep", "600"), dir.resolve("sleeper.log"));
    }

    @Test
    void aPortNotOpenYetIsWaitedFor() {
        AtomicInteger probes = new AtomicInteger();
        try (ChildProcess p = sleeper()) {
            p.awaitReady(Duration.ofSeconds(60), () -> {
                if (probes.incrementAndGet() <= 3) {
                    throw new ConnectException("Connection refused");
                }
                return true;
            });
            assertThat(p.alive()).isTrue();
        }
        assertThat(probes.get()).isEqualTo(4);
    }

    @Test
    void aServerThatNeverComesUpIsStopped() {
        ChildProcess p = sleeper();
        assertThatThrownBy(() -> p.awaitReady(Duration.ofMillis(300), () -> {
            throw new ConnectException("Connection refused");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("sleeper was not ready");
        assertThat(p.alive()).isFalse();
    }

    @Test
    void aProbeThatFailsOtherwiseStopsTheServerToo() {
        ChildProcess p = sleeper();
        assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(60), () -> {
            throw new IllegalArgumentException("bad answer");
        })).hasMessageContaining("bad answer");
        assertThat(p.alive()).isFalse();
    }

    @Test
    void aServerThatExitsFailsTheWaitWithItsOutput() {
        ChildProcess p = ChildProcess.start("failing", new ProcessBuilder("sh", "-c", "echo no config; exit 3"),
                dir.resolve("failing.log"));
        assertThatThrownBy(() -> p.awaitReady(Duration.ofSeconds(60), () -> false))
                .hasMessageContaining("failing exited with 3").hasMessageContaining("no config");
    }

    @Test
    void closeStopsTheChildrenOfTheProcessToo() {
        ChildProcess p = ChildProcess.start("parent", new ProcessBuilder("sh", "-c", "sleep 600 & sleep 600 & wait"),
                dir.resolve("parent.log"));
        p.awaitReady(Duration.ofSeconds(60), () -> p.process().descendants().count() == 2);
        List<ProcessHandle> children = p.process().descendants().toList();
        p.close();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(p.alive()).isFalse();
    }
}
