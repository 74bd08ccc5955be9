package dev.specter.store.sql;

/**
 * How far SQLite makes a commit durable before the commit returns (its {@code synchronous} pragma,
 * in WAL mode). Either survives {@code kill -9}: a committed transaction is in the OS's page cache
 * before the commit returns. Only {@link #FULL} also survives a power loss or kernel crash.
 */
public enum Synchronous {
    /** The WAL is fsynced at every commit: nothing acknowledged is lost, even by a power loss. */
    FULL,
    /** The WAL is fsynced at checkpoints only: a power loss may lose the last commits, a process kill does not. */
    NORMAL
}
