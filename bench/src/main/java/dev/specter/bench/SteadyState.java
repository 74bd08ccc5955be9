package dev.specter.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.function.LongSupplier;

/** Heap after a full GC, and this process's CPU while nothing changes. */
final class SteadyState {
    private SteadyState() {
    }

    /** A measured window: its length, this process's CPU over it, and how far the sampled counter moved. */
    record Window(double seconds, double cpuPercent, long counted) {
    }

    /**
     * Lets things settle for 2 s, then measures a window of {@code seconds}: this process's CPU time
     * as a share of one core, and the change in {@code counter} over the same window.
     */
    static Window cpuWindow(int seconds, LongSupplier counter) throws InterruptedException {
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        Thread.sleep(2000);
        long count0 = counter.getAsLong();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long elapsed = System.nanoTime() - t0;
        long counted = counter.getAsLong() - count0;
        double cpu = (os.getProcessCpuTime() - cpu0) / (double) elapsed * 100;
        return new Window(elapsed / 1e9, cpu, counted);
    }

    static List<Row> measure(String name, int seconds) throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        double cpuShare = cpuWindow(seconds, () -> 0).cpuPercent();
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
