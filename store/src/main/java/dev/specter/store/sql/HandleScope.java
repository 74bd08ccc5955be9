package dev.specter.store.sql;

import org.jdbi.v3.core.Handle;

import java.util.function.Function;

/**
 * Where a repository gets its connection: fresh ones per call, from the read or the write side of
 * the {@link Database}, or the one of an open transaction for both.
 */
interface HandleScope {
    <T> T read(Function<Handle, T> work);

    <T> T write(Function<Handle, T> work);
}
