package dev.specter.bench;

import dev.specter.bench.engine.EngineBenchmark;
import dev.specter.bench.engine.SensorEngineBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.ArrayList;
import java.util.List;

/** Runs the JMH engine benchmarks and turns their scores into rows. */
final class EngineBench {
    private EngineBench() {
    }

    static List<Row> run(boolean smoke) throws RunnerException {
        var options = new OptionsBuilder().include(EngineBenchmark.class.getName())
                .include(SensorEngineBenchmark.class.getName())
                .verbosity(VerboseMode.SILENT).shouldFailOnError(true);
        if (smoke) {
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100)).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        List<Row> rows = new ArrayList<>();
        for (RunResult r : new Runner(options.build()).run()) {
            var score = r.getPrimaryResult();
            String value = String.format("%.1f ± %.1f %s", score.getScore(), Double.isNaN(score.getScoreError()) ? 0
                    : score.getScoreError(), score.getScoreUnit());
            if (r.getParams().getBenchmark().contains("SensorEngine")) {
                rows.add(Row.info("engine (JMH), sensor decide(), 10 VMs on 2 sites, one core",
                        "average load " + r.getParams().getParam("load") + ", decisions per second", value));
            } else {
                rows.add(Row.info("engine (JMH), multicloud decide(), 1,000 VMs on 4 sites",
                        "vm_count " + r.getParams().getParam("vmCount") + ", time per decision", value));
            }
        }
        return rows;
    }
}
