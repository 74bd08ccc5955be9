package dev.specter.bench;

import dev.specter.domain.SensorPolicy;
import dev.specter.reconcile.ControlSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Sensor domains at scale: {@code domains} sensor domains of one VM each on the simulated sites,
 * reading the sim's synthetic load every evaluation period (default 10 s). The figure is how many
 * evaluations per second the control loop keeps up with (each reads the metric and runs the
 * engine), against the rate the fleet asks for, and the CPU it costs.
 */
final class SensorBench {
    private final int domains;
    private final int seconds;

    SensorBench(int domains, int seconds) {
        this.domains = domains;
        this.seconds = seconds;
    }

    List<Row> run() throws Exception {
        Path dir = BenchServer.tempDir();
        // idle VMs report 0.05: within the thresholds, so every evaluation reads, decides and holds
        SensorPolicy policy = new SensorPolicy("proc.loadavg.1min", 1, 3, 1.0, 1, 0.01, 1, 60);
        Fleet fleet = Fleet.load(dir, domains, 1, policy);
        try (BenchServer s = new BenchServer(dir, fleet, BenchServer.FAST_SIM, ControlSettings.DEFAULT)) {
            s.awaitQuiet(Duration.ofMinutes(10));
            SteadyState.Window w = SteadyState.cpuWindow(seconds, () -> s.server.metrics().evaluations());
            double rate = w.counted() / w.seconds();
            double cpu = w.cpuPercent();
            double wanted = domains / 10.0;
            String scenario = "sensor domains, " + domains + " x 1 VM, sim metric, 10 s evaluation period";
            return List.of(
                    Row.check(scenario, "evaluations per second kept up (fleet needs " + Row.format(wanted) + "/s)",
                            rate, "/s", ">= " + Row.format(wanted * 0.95) + "/s", rate >= wanted * 0.95),
                    Row.info(scenario, "process CPU while evaluating", Row.format(cpu) + " % of a core"));
        }
    }
}
