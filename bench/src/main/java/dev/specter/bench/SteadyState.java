package dev.specter.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

/** Heap after a full GC, and this process's CPU while nothing changes. */
final class SteadyState {
    private SteadyState() {
    }

    static List<Row> measure(String name, int seconds) throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        Thread.sleep(2000);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double cpuShare = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0) * 100;
        for (int i = 0; i < 3; i++) {
            mem.gc();
            Thread.sleep(300);
        }
        double heapMb = mem.getHeapMemoryUsage().getUsed() / 1048576.0;
        String scenario = "steady state, " + name;
        return List.of(
                Row.check(scenario, "heap after full GC", heapMb, " MiB", "< 1024 MiB", heapMb < 1024),
                Row.check(scenario, "process CPU over " + seconds + " s idle", cpuShare, " % of a core", "< 10 %",
                        cpuShare < 10));
    }
}
