package dev.specter.testing.memory;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The tables as of the last commit, which only a transaction that returns replaces (copy-on-write);
 * when it throws, its copy is dropped. Transactions run one at a time, as on SQLite.
 */
final class CommittedTables {
    private final ReentrantLock writer = new ReentrantLock();
    private volatile Tables committed = new Tables();

    Tables last() {
        return committed;
    }

    <T> T commit(Function<Tables, T> work) {
        if (writer.isHeldByCurrentThread()) {
            throw new IllegalStateException("a write outside the open transaction, on its own thread: it would "
                    + "wait for that transaction forever on SQLite; use the transaction's store");
        }
        writer.lock();
        try {
            Tables copy = committed.copy();
            T result = work.apply(copy);
            committed = copy;
            return result;
        } finally {
            writer.unlock();
        }
    }
}
