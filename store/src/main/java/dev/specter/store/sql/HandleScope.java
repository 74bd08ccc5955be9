package dev.specter.store.sql;

import org.jdbi.v3.core.Handle;

import java.util.function.Function;

/** Where a repository gets its connection: a fresh one per call, or the one of an open transaction. */
@FunctionalInterface
interface HandleScope {
    <T> T with(Function<Handle, T> work);
}
