package org.entente.operations;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.entente.node.NodeDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;

/**
 * Restores a backup archive ({@link NodeBackup}) into a node's database and home, all or nothing.
 *
 * <p>Order, so that a failure at any step leaves the target as it was:
 * <ol>
 * <li>the manifest is read and checked (format, schema version this node can run), and every entry's
 * SHA-256 and size are verified before anything is touched;</li>
 * <li>the target must be empty (no data and no home files) unless forced, and no node may be running on it;</li>
 * <li>a staging schema is migrated by Flyway to exactly the archive's schema version and loaded with
 * COPY in the archive's dependency order (row counts and checksums checked again), sequences set;</li>
 * <li>the home files are extracted into a staging folder inside the home;</li>
 * <li>one transaction drops the old {@code public} schema and renames the staging schema to it (DDL is
 * transactional in PostgreSQL, so this is the atomic switch);</li>
 * <li>the staged files are renamed into place (same file system).</li>
 * </ol>
 * The next start of the node migrates the restored schema on to its own version, as after any upgrade.
 */
public final class NodeRestore {

    static final String STAGING_SCHEMA = "entente_restore";
    private static final String MIGRATIONS = "classpath:db/migration";

    /** Why a restore was refused; nothing was changed. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    public interface Listener {
        void progress(String step, long bytesRead, long total);
    }

    /** What was restored. */
    public record Result(String schemaVersion, long tables, long rows, long files) {
    }

    private NodeRestore() {
    }

    public static BackupManifest readManifest(ZipFile zip) throws RefusedException, IOException {
        ZipEntry entry = zip.getEntry(BackupManifest.NAME);
        if (entry == null) {
            throw new RefusedException("not an Entente backup: no " + BackupManifest.NAME);
        }
        BackupManifest m;
        try (InputStream in = zip.getInputStream(entry)) {
            m = NodeBackup.JSON.readValue(in, BackupManifest.class);
        } catch (RuntimeException e) {
            throw new RefusedException("not an Entente backup: unreadable manifest");
        }
        if (!BackupManifest.FORMAT.equals(m.format()) || m.formatVersion() != BackupManifest.FORMAT_VERSION) {
            throw new RefusedException("not an Entente backup of a format this node reads (" + m.format() + " " + m.formatVersion() + ")");
        }
        if (m.tables() == null || m.files() == null || m.sequences() == null || m.schemaVersion() == null) {
            throw new RefusedException("incomplete manifest");
        }
        if (!m.schemaVersion().matches("\\d{1,9}(\\.\\d{1,9}){0,3}")) {
            throw new RefusedException("manifest names an invalid schema version");
        }
        for (BackupManifest.HomeFile f : m.files()) {
            Path rel = Path.of(f.path()).normalize();
            if (f.path().isEmpty() || rel.isAbsolute() || rel.startsWith("..") || f.path().contains("\\")
                    || NodeBackup.NOT_ARCHIVED.contains(rel.getName(0).toString()) && !f.path().equals("audit.head")) {
                throw new RefusedException("manifest names a file outside the home: " + f.path());
            }
        }
        for (BackupManifest.Table t : m.tables()) {
            if (!t.name().matches("[a-z_][a-z0-9_]*") || t.columns().isEmpty()
                    || !t.columns().stream().allMatch(c -> c.matches("[a-z_][a-z0-9_]*"))) {
                throw new RefusedException("manifest names an unexpected table or column: " + t.name());
            }
        }
        return m;
    }

    /** Checks every entry's size and SHA-256 against the manifest. */
    public static void verify(ZipFile zip, BackupManifest m, Listener listener) throws RefusedException, IOException {
        long total = m.tables().stream().mapToLong(BackupManifest.Table::bytes).sum() + m.files().stream().mapToLong(BackupManifest.HomeFile::bytes).sum();
        long done = 0;
        for (BackupManifest.Table t : m.tables()) {
            check(zip, t.entry(), t.bytes(), t.sha256());
            done += t.bytes();
            listener.progress("verify " + t.name(), done, total);
        }
        for (BackupManifest.HomeFile f : m.files()) {
            check(zip, f.entry(), f.bytes(), f.sha256());
            done += f.bytes();
            listener.progress("verify " + f.path(), done, total);
        }
    }

    private static void check(ZipFile zip, String name, long bytes, String sha256) throws RefusedException, IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new RefusedException("archive damaged: entry " + name + " is missing");
        }
        MessageDigest sha = NodeBackup.sha256();
        long n;
        try (InputStream in = new DigestInputStream(zip.getInputStream(e), sha)) {
            n = in.transferTo(OutputStream.nullOutputStream());
        } catch (java.util.zip.ZipException ex) {
            throw new RefusedException("archive damaged: entry " + name + " (" + ex.getMessage() + ")");
        }
        if (n != bytes || !NodeBackup.hex(sha).equals(sha256)) {
            throw new RefusedException("archive damaged: entry " + name + " does not match its checksum");
        }
    }

    public static Result restore(Path archive, NodeDatabase db, Path home, boolean force, Listener listener)
            throws RefusedException, IOException, SQLException {
        if (db.nodeRunning()) {
            throw new RefusedException("a node is running on " + home + ": stop it before restoring");
        }
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            BackupManifest m = readManifest(zip);
            MigrationVersion supported = supportedVersion(flyway(db, null));
            if (MigrationVersion.fromVersion(m.schemaVersion()).isNewerThan(supported.getVersion())) {
                throw new RefusedException("the archive's schema version " + m.schemaVersion() + " is newer than this node's ("
                        + supported.getVersion() + "): restore it with a node of that version or newer");
            }
            verify(zip, m, listener);
            Flyway staging = flyway(db, m.schemaVersion());
            Path root = home.toAbsolutePath().normalize();
            try (Connection c = db.connect()) {
                refuseUnlessEmpty(c, root, archive, force, db.external());
                c.createStatement().execute("drop schema if exists " + STAGING_SCHEMA + " cascade");
            }
            Path stagedFiles = root.resolve(".restore-" + UUID.randomUUID());
            boolean switched = false;
            try {
                staging.migrate();
                long rows = load(zip, m, db, listener);
                extract(zip, m, stagedFiles);
                try (Connection c = db.connect()) {
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("drop schema if exists public cascade");
                        s.execute("alter schema " + STAGING_SCHEMA + " rename to public");
                    }
                    c.commit();
                    switched = true;
                }
                moveIntoPlace(stagedFiles, root);
                return new Result(m.schemaVersion(), m.tables().size(), rows, m.files().size());
            } finally {
                if (!switched) {
                    try (Connection c = db.connect()) {
                        c.createStatement().execute("drop schema if exists " + STAGING_SCHEMA + " cascade");
                    } catch (SQLException ignored) {
                        // the original exception says what went wrong; the staging schema is dropped on the next try
                    }
                }
                deleteTree(stagedFiles);
            }
        } catch (java.util.zip.ZipException e) {
            throw new RefusedException("not a backup archive: " + e.getMessage());
        }
    }

    private static Flyway flyway(NodeDatabase db, String target) {
        var config = Flyway.configure(NodeRestore.class.getClassLoader())
                .dataSource(db.url(), db.user(), db.password())
                .schemas(STAGING_SCHEMA)
                .createSchemas(true)
                .locations(MIGRATIONS);
        return (target == null ? config : config.target(MigrationVersion.fromVersion(target))).load();
    }

    private static MigrationVersion supportedVersion(Flyway flyway) {
        MigrationVersion max = MigrationVersion.EMPTY;
        for (MigrationInfo i : flyway.info().all()) {
            if (i.getVersion() != null && i.getVersion().compareTo(max) > 0) {
                max = i.getVersion();
            }
        }
        return max;
    }

    private static void refuseUnlessEmpty(Connection c, Path home, Path archive, boolean force, boolean external)
            throws SQLException, IOException, RefusedException {
        if (force) {
            return;
        }
        List<String> found = new ArrayList<>();
        Set<String> tables = new HashSet<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "select table_name from information_schema.tables where table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        // The rows every started node has (its administrator, its audit entries, stored intelligence).
        for (String t : List.of("app_user", "stix_object", "audit_log")) {
            if (tables.contains(t)) {
                try (ResultSet rs = c.createStatement().executeQuery("select exists (select 1 from " + t + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        found.add("table " + t + " has rows");
                    }
                }
            }
        }
        for (Path f : NodeBackup.homeFiles(home, archive)) {
            found.add("file " + home.relativize(f));
            break;
        }
        if (Files.exists(home.resolve("audit.head"))) {
            found.add("file audit.head");
        }
        if (external) {
            try (ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_stat_activity"
                    + " where datname = current_database() and pid <> pg_backend_pid()")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    found.add(rs.getLong(1) + " other connection(s) to the database (is a node running?)");
                }
            }
        }
        if (!found.isEmpty()) {
            throw new RefusedException("the target is not empty (" + String.join(", ", found)
                    + "): restore into a fresh node, or give --force to replace everything in it");
        }
    }

    private static long load(ZipFile zip, BackupManifest m, NodeDatabase db, Listener listener)
            throws SQLException, IOException, RefusedException {
        long total = m.tables().stream().mapToLong(BackupManifest.Table::bytes).sum();
        long done = 0;
        long rows = 0;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("set local search_path to " + STAGING_SCHEMA);
            }
            Set<String> staged = new HashSet<>(NodeBackup.loadOrder(c));
            Set<String> archived = new HashSet<>();
            m.tables().forEach(t -> archived.add(t.name()));
            if (!staged.equals(archived)) {
                throw new RefusedException("the archive's tables do not match schema version " + m.schemaVersion());
            }
            // Migrations seed some rows (the operator participant, role permissions...): the archive's rows
            // replace them. One TRUNCATE of every table (tables referenced by foreign keys may only be
            // truncated together with their referrers); the audit log refuses TRUNCATE and is never seeded.
            List<String> seeded = staged.stream().filter(t -> !t.equals("audit_log")).sorted().map(NodeBackup::quote).toList();
            if (!seeded.isEmpty()) {
                try (Statement s = c.createStatement()) {
                    s.execute("truncate " + String.join(", ", seeded));
                }
            }
            PGConnection pg = c.unwrap(PGConnection.class);
            for (BackupManifest.Table t : m.tables()) {
                if (!NodeBackup.columns(c, t.name()).containsAll(t.columns())) {
                    throw new RefusedException("the archive's columns of " + t.name() + " do not match schema version " + m.schemaVersion());
                }
                MessageDigest sha = NodeBackup.sha256();
                long n;
                try (InputStream in = new DigestInputStream(zip.getInputStream(zip.getEntry(t.entry())), sha)) {
                    n = pg.getCopyAPI().copyIn("copy " + NodeBackup.quote(t.name()) + " ("
                            + String.join(", ", t.columns().stream().map(NodeBackup::quote).toList()) + ") from stdin", in);
                }
                if (n != t.rows() || !NodeBackup.hex(sha).equals(t.sha256())) {
                    throw new RefusedException("archive damaged: table " + t.name() + " did not load as recorded");
                }
                rows += n;
                done += t.bytes();
                listener.progress("load " + t.name(), done, total);
            }
            try (PreparedStatement ps = c.prepareStatement("select setval(?::regclass, ?, true)")) {
                for (BackupManifest.Sequence s : m.sequences()) {
                    ps.setString(1, STAGING_SCHEMA + "." + NodeBackup.quote(s.name()));
                    ps.setLong(2, s.lastValue());
                    ps.execute();
                }
            }
            c.commit();
        }
        return rows;
    }

    private static void extract(ZipFile zip, BackupManifest m, Path staged) throws IOException, RefusedException {
        Files.createDirectories(staged);
        for (BackupManifest.HomeFile f : m.files()) {
            Path target = staged.resolve(f.path()).normalize();
            if (!target.startsWith(staged)) {
                throw new RefusedException("manifest names a file outside the home: " + f.path());
            }
            Files.createDirectories(target.getParent());
            if (f.ownerOnly()) {
                try {
                    Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(target);
                }
            }
            MessageDigest sha = NodeBackup.sha256();
            // Into the file created above (Files.copy with REPLACE_EXISTING would recreate it with default permissions).
            try (InputStream in = new DigestInputStream(zip.getInputStream(zip.getEntry(f.entry())), sha);
                 OutputStream out = Files.newOutputStream(target)) {
                in.transferTo(out);
            }
            if (!NodeBackup.hex(sha).equals(f.sha256())) {
                throw new RefusedException("archive damaged: file " + f.path());
            }
        }
    }

    private static void moveIntoPlace(Path staged, Path home) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(staged)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = home.resolve(staged.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
