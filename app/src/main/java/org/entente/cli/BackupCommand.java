package org.entente.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.entente.node.NodeDatabase;
import org.entente.operations.BackupManifest;
import org.entente.operations.NodeBackup;

/**
 * {@code entente backup [--home DIR] [--db-url URL] FILE}: one consistent archive of the node's
 * database and home, taken while the node runs (or not). Runs on the node's machine, because the
 * home's keys are part of it. The archive is written beside FILE and renamed into place when complete,
 * so an interrupted backup never leaves a truncated archive under FILE. It holds the node's keys:
 * it is created readable by its owner only.
 */
final class BackupCommand {

    private final PrintStream out;
    private final PrintStream err;

    BackupCommand() {
        this(System.out, System.err);
    }

    BackupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("home", "db-url"), Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException("usage: backup [--home DIR] [--db-url JDBC_URL] FILE");
        }
        Path home = Path.of(args.option("home").orElse(env("ENTENTE_HOME", "var")));
        String dbUrl = args.option("db-url").orElse(env("ENTENTE_DB_URL", ""));
        Path target = Path.of(args.positional().getFirst()).toAbsolutePath().normalize();
        Path tmp = target.resolveSibling(target.getFileName() + ".partial");
        if (dbUrl.isBlank() && !Files.isDirectory(home.resolve("postgres"))) {
            err.println("backup: no node database under " + home.toAbsolutePath() + " (give --home or --db-url)");
            return 1;
        }
        try (NodeDatabase db = NodeDatabase.open(home, dbUrl, env("ENTENTE_DB_USER", null), env("ENTENTE_DB_PASSWORD", null), true);
             Connection c = db.connect()) {
            long estimate = estimate(c);
            ProgressBar bar = new ProgressBar(err, target.getFileName().toString(), estimate);
            Files.deleteIfExists(tmp);
            createOwnerOnly(tmp);
            BackupManifest m;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                m = NodeBackup.write(c, home, tmp, file, (step, read) -> bar.update(Math.min(read, estimate)));
            }
            bar.finish(estimate);
            moveIntoPlace(tmp, target);
            long rows = m.tables().stream().mapToLong(BackupManifest.Table::rows).sum();
            out.printf(Locale.ROOT, "%s: schema version %s, %d tables, %,d rows, %d home files, audit log to entry %s (%s)%n",
                    target, m.schemaVersion(), m.tables().size(), rows, m.files().size(),
                    m.auditHead() == null ? "0" : String.valueOf(m.auditHead().seq()), ProgressBar.bytes(Files.size(target)));
            return 0;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("backup failed: " + e.getMessage());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to say
            }
            return 1;
        }
    }

    /** Size of the tables (for the progress bar; COPY text is of the same order). */
    private static long estimate(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("select coalesce(sum(pg_table_size(c.oid)), 0) from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'")) {
            rs.next();
            return Math.max(1, rs.getLong(1));
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
