package dev.specter.store.sql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 database file of a data directory, and its repair after the server using it died
 * without closing it.
 *
 * <p>Why a repair: H2's MVStore writes the maps a commit touched one after another, so a process
 * killed in between can leave a row marked as changed by a transaction that no longer exists
 * (h2database/h2database#2080). H2 opens such a file without complaint, but the first update of that
 * row spins inside H2 forever: the crash loop caught a reconcile pass stuck there after about one
 * {@code kill -9} in a hundred. A logical copy ({@code SCRIPT}, then {@code RUNSCRIPT} into a new
 * file) reads only committed values and writes a file without such marks.
 *
 * <p>How an unclean end is known: {@code specter serve} holds a marker file while the database is
 * open ({@link #claim}) and removes it once the database is closed; a marker found at start means the
 * last server did not get that far. The copy runs only when no other process has the file open
 * (H2's own file lock says so). The file as it was is kept beside it as {@code specter.mv.db.unclean}
 * until the next repair.
 */
public final class EmbeddedH2 {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2.class);
    private static final String SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    private final Path dataDir;

    public EmbeddedH2(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * The URL the server and the CLI share. AUTO_SERVER lets a second process (the {@code specter
     * user} commands) use the same file while {@code specter serve} holds it: the first opener serves it
     * on loopback. WRITE_DELAY=0 writes each commit to the file when it commits instead of up to 500 ms
     * later. QUERY_CACHE_SIZE: the default 8 prepared commands per connection is fewer than the
     * statements one API request and one reconcile pass use, so each request re-parsed its SQL (7% of
     * a PUT).
     *
     * <p>Even so, H2's MVStore can come back from a {@code kill -9} without the commits of the last
     * tens of milliseconds: the crash loop measured it (docs/reliability.md), and it reproduces with
     * H2 alone once the file is old enough for freed space to be reused. PostgreSQL, tested by the
     * same loop, loses nothing; it is the store for production.
     */
    public String url() {
        return base() + SETTINGS + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;QUERY_CACHE_SIZE=64";
    }

    /** Whether the last server using this file ended without closing it. */
    public boolean closedUncleanly() {
        return Files.exists(marker());
    }

    /**
     * Repairs the file if the last server ended without closing it, then marks it as in use until
     * the returned handle is closed (after the database is).
     */
    public AutoCloseable claim() {
        if (closedUncleanly() && Files.exists(file())) {
            rebuild();
        }
        try {
            Files.createDirectories(dataDir);
            Files.writeString(marker(), "specter serve has this database open (pid " + ProcessHandle.current().pid()
                    + "); if no server runs, the next start repairs the file\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker(), e);
        }
        return () -> Files.deleteIfExists(marker());
    }

    /**
     * Copies the database's committed content into a new file. Does nothing (and says so) when
     * another process has the file open; on any failure the file is left as it was.
     */
    private void rebuild() {
        long t0 = System.nanoTime();
        Path dump = dataDir.resolve("specter-rebuild.sql");
        Path kept = dataDir.resolve("specter.mv.db.unclean");
        // AUTO_SERVER off: if another process holds the file, this open fails instead of connecting to it
        String exclusive = base() + SETTINGS;
        try (Connection c = DriverManager.getConnection(exclusive); Statement s = c.createStatement()) {
            s.execute("SCRIPT TO '" + sqlString(dump) + "'");
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.warn("the database in {} was not closed by the last server, but it cannot be copied now "
                    + "(another process may have it open): {}", dataDir, e.getMessage());
            return;
        }
        try {
            Files.move(file(), kept, StandardCopyOption.REPLACE_EXISTING);
            try (Connection c = DriverManager.getConnection(exclusive); Statement s = c.createStatement()) {
                // one transaction, not one commit (and one file chunk) per statement; the compaction at
                // the end leaves a file of the data's size (10 MB for 75,000 rows, not 150 MB)
                c.setAutoCommit(false);
                s.execute("RUNSCRIPT FROM '" + sqlString(dump) + "'");
                c.commit();
                s.execute("SHUTDOWN COMPACT");
            }
        } catch (IOException | SQLException e) {
            LOG.error("rebuilding the database in {} failed; going on with the file as it was", dataDir, e);
            try {
                Files.move(kept, file(), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException restore) {
                throw new IllegalStateException("cannot put " + kept + " back as " + file() + " after a failed "
                        + "rebuild; move it back by hand", restore);
            }
            return;
        } finally {
            try {
                Files.deleteIfExists(dump);
            } catch (IOException ignored) {
                // a leftover dump is overwritten by the next rebuild
            }
        }
        LOG.warn("the last server did not close the database in {}: rebuilt it from its committed content in {} ms "
                + "(the file as it was: {})", dataDir, (System.nanoTime() - t0) / 1_000_000, kept);
    }

    private String base() {
        return "jdbc:h2:file:" + dataDir.resolve("specter");
    }

    private Path file() {
        return dataDir.resolve("specter.mv.db");
    }

    private Path marker() {
        return dataDir.resolve("specter.open");
    }

    private static String sqlString(Path p) {
        return p.toString().replace("'", "''");
    }
}
