package org.entente.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.entente.node.NodeDatabase;
import org.entente.operations.NodeRestore;

/**
 * {@code entente restore FILE [--home DIR] [--db-url URL] [--force]}: a backup into a stopped node.
 * Refuses a damaged archive, one of a newer schema, a running node, and a target that holds data
 * unless {@code --force}; otherwise all or nothing (see {@link NodeRestore}).
 */
final class RestoreCommand {

    private final PrintStream out;
    private final PrintStream err;

    RestoreCommand() {
        this(System.out, System.err);
    }

    RestoreCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> raw) {
        Args args = Args.parse(raw, Set.of("home", "db-url"), Set.of("force"));
        if (args.positional().size() != 1) {
            throw new UsageException("usage: restore FILE [--home DIR] [--db-url JDBC_URL] [--force]");
        }
        Path archive = Path.of(args.positional().getFirst());
        if (!Files.isRegularFile(archive)) {
            err.println("restore: no such file " + archive);
            return 1;
        }
        Path home = Path.of(args.option("home").orElse(BackupCommand.env("ENTENTE_HOME", "var")));
        String dbUrl = args.option("db-url").orElse(BackupCommand.env("ENTENTE_DB_URL", ""));
        boolean force = args.option("force").isPresent();
        try {
            Files.createDirectories(home);
            try (NodeDatabase db = NodeDatabase.open(home, dbUrl, BackupCommand.env("ENTENTE_DB_USER", null),
                    BackupCommand.env("ENTENTE_DB_PASSWORD", null), true)) {
                ProgressBar[] bar = {null};
                String[] phase = {""};
                long[] last = {0};
                NodeRestore.Result r = NodeRestore.restore(archive, db, home, force, (step, done, total) -> {
                    String p = step.substring(0, step.indexOf(' '));
                    if (!p.equals(phase[0])) {
                        if (bar[0] != null) {
                            bar[0].finish(total);
                        }
                        phase[0] = p;
                        bar[0] = new ProgressBar(err, p, total);
                    }
                    bar[0].update(done);
                    last[0] = done;
                });
                if (bar[0] != null) {
                    bar[0].finish(last[0]);
                }
                out.printf(Locale.ROOT, "restored %s into %s: schema version %s, %d tables, %,d rows, %d home files%n",
                        archive, dbUrl.isBlank() ? home.toAbsolutePath().normalize() : dbUrl, r.schemaVersion(), r.tables(), r.rows(), r.files());
                return 0;
            }
        } catch (NodeRestore.RefusedException e) {
            err.println("restore refused, nothing changed: " + e.getMessage());
            return 1;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("restore failed: " + e.getMessage());
            return 1;
        }
    }
}
