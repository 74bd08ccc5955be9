package dev.specter.workqueue;

import dev.specter.testing.ManualScheduler;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Any interleaving of adds, hand-outs and dones, played on one thread. */
class WorkQueueProperties {
    /** An add of item {@code n}, a hand-out ({@code n} = -1), or a done of the n-th item being processed (-2 - n). */
    record Op(int n) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers().between(-5, 3).map(Op::new).list().ofMaxSize(60);
    }

    @Property
    void noItemIsProcessedTwiceAtOnceAndNoAddIsLost(@ForAll("ops") List<Op> ops) throws Exception {
        WorkQueue<String> q = new WorkQueue<>(new ManualScheduler());
        Set<String> processing = new HashSet<>();
        Set<String> owed = new HashSet<>(); // added since last handed out
        for (Op op : ops) {
            if (op.n() >= 0) {
                q.add("i" + op.n());
                owed.add("i" + op.n());
            } else if (op.n() == -1 && q.len() > 0) {
                take(q, processing, owed);
            } else if (op.n() <= -2 && !processing.isEmpty()) {
                List<String> now = new ArrayList<>(processing);
                String item = now.get((-2 - op.n()) % now.size());
                processing.remove(item);
                q.done(item);
            }
        }
        // drain: every worker finishes, then everything handed out is processed to the end
        List.copyOf(processing).forEach(i -> {
            processing.remove(i);
            q.done(i);
        });
        while (q.len() > 0) {
            String i = take(q, processing, owed);
            processing.remove(i);
            q.done(i);
        }
        if (!owed.isEmpty()) {
            throw new AssertionError("added but never handed out afterwards: " + owed);
        }
        if (q.pending() != 0) {
            throw new AssertionError("still pending: " + q.pending());
        }
    }

    private static String take(WorkQueue<String> q, Set<String> processing, Set<String> owed) throws Exception {
        String item = q.get().orElseThrow();
        if (!processing.add(item)) {
            throw new AssertionError(item + " handed out while being processed");
        }
        owed.remove(item);
        return item;
    }
}
