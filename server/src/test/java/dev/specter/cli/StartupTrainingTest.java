package dev.specter.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workload bin/specter records its AOT cache from: it must end by itself with success (else the
 * launcher runs without a cache until the next build).
 */
class StartupTrainingTest {
    @Test
    void startsAServerAnswersItsRequestsAndStops() {
        assertThat(Main.run("startup-training")).isZero();
    }
}
