package dev.specter.bench;

import dev.specter.cloud.sim.SimCalls;
import dev.specter.reconcile.ControlSettings;

import java.time.Duration;
import java.util.List;

/** Cloud calls per VM launched (20 on one site) and per describe round (one per site and account). */
final class EfficiencyBench {
    List<Row> run() throws Exception {
        ControlSettings control = new ControlSettings(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(300), Duration.ofSeconds(60), Duration.ofHours(2), 3);
        try (BenchServer s = new BenchServer(BenchServer.tempDir(), null, BenchServer.FAST_SIM, control)) {
            s.createLc();
            SimCalls calls = s.sim("hotel").calls();
            long launches0 = calls.launchCalls();
            long describes0 = calls.describeCalls();
            long t0 = System.nanoTime();
            s.send("POST", "/domains", BenchServer.domainBody("d", 20));
            Thread.sleep(5000);
            long launches = calls.launchCalls() - launches0;
            double seconds = (System.nanoTime() - t0) / 1e9;
            long describes = calls.describeCalls() - describes0;
            long created = calls.vmsCreated();
            String scenario = "cloud efficiency";
            return List.of(
                    Row.check(scenario, "launch calls to launch 20 VMs on one site", launches, "", "1",
                            launches == 1 && created == 20),
                    Row.check(scenario, "describe calls per round per site (1 s rounds over "
                                    + Row.format(seconds) + " s, 20 VMs)", describes / Math.floor(seconds), "", "1",
                            describes <= Math.ceil(seconds) + 1),
                    Row.info(scenario, "terminate calls so far", Long.toString(calls.terminateCalls())));
        }
    }
}
