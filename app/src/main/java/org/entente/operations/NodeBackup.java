package org.entente.operations;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.postgresql.PGConnection;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a consistent backup of a node: every table of its database from one snapshot, plus the
 * files of its home (node keys, federation credentials, participant signing keys, webhook sealing
 * key, the administrator's local token), as one zip archive with a manifest of checksums.
 *
 * <p>Consistency: all tables are read in one {@code REPEATABLE READ READ ONLY} transaction, so the
 * archive is the database as it was at one instant (what {@code pg_dump} does), while the node goes on
 * serving. The rows are PostgreSQL's own COPY text format (lossless for every type, and it works on an
 * external server too, where no {@code pg_dump} of the right version may be at hand). The audit head
 * anchor is written from the snapshot's newest entry rather than copied, because the file on disk may
 * already be ahead of the snapshot and a restored node would then report its log as truncated.
 */
public final class NodeBackup {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Home entries that are never archived: the embedded server's data (that is what the COPY is for). */
    static final Set<String> NOT_ARCHIVED = Set.of("postgres", "audit.head");

    /** Told how far the backup got. */
    public interface Listener {
        /** @param bytesRead bytes of table rows and files read so far (before compression) */
        void progress(String step, long bytesRead);
    }

    private NodeBackup() {
    }

    /**
     * Writes the archive to {@code out} (not closed).
     *
     * @param exclude a file not to archive even when it is under the home (the archive being written)
     */
    public static BackupManifest write(Connection connection, Path home, Path exclude, OutputStream out, Listener listener)
            throws IOException, SQLException {
        ZipOutputStream zip = new ZipOutputStream(out);
        long read = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("set transaction isolation level repeatable read, read only");
            }
            String createdAt = Instant.now().toString();
            String version = schemaVersion(connection);
            List<String> order = loadOrder(connection);
            List<BackupManifest.Table> tables = new ArrayList<>();
            PGConnection pg = connection.unwrap(PGConnection.class);
            for (String table : order) {
                List<String> columns = columns(connection, table);
                zip.putNextEntry(new ZipEntry("db/" + table + ".copy"));
                MessageDigest sha = sha256();
                CountingOutputStream size = new CountingOutputStream(new DigestOutputStream(new NonClosing(zip), sha));
                long rows = pg.getCopyAPI().copyOut("copy " + quote(table) + " (" + String.join(", ", columns.stream().map(NodeBackup::quote).toList())
                        + ") to stdout", size);
                size.flush();
                zip.closeEntry();
                tables.add(new BackupManifest.Table(table, columns, rows, size.count, hex(sha)));
                read += size.count;
                listener.progress(table, read);
            }
            List<BackupManifest.Sequence> sequences = sequences(connection);
            BackupManifest.AuditHead head = auditHead(connection);
            connection.commit(); // read only: ends the snapshot

            List<BackupManifest.HomeFile> files = new ArrayList<>();
            if (head != null) {
                byte[] anchor = (head.seq() + " " + head.hash() + "\n").getBytes(StandardCharsets.US_ASCII);
                files.add(put(zip, "audit.head", anchor, false));
            }
            for (Path file : homeFiles(home, exclude)) {
                String rel = home.relativize(file).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(file);
                files.add(put(zip, rel, bytes, ownerOnly(file)));
                read += bytes.length;
                listener.progress("home/" + rel, read);
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION, createdAt,
                    version, tables, sequences, files, head);
            zip.putNextEntry(new ZipEntry(BackupManifest.NAME));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            listener.progress("manifest", read);
            return manifest;
        } catch (IOException | SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static BackupManifest.HomeFile put(ZipOutputStream zip, String rel, byte[] bytes, boolean ownerOnly) throws IOException {
        zip.putNextEntry(new ZipEntry("home/" + rel));
        zip.write(bytes);
        zip.closeEntry();
        MessageDigest sha = sha256();
        sha.update(bytes);
        return new BackupManifest.HomeFile(rel, bytes.length, hex(sha), ownerOnly);
    }

    /** The Flyway version of the schema: the archive may only be restored at that version. */
    static String schemaVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select version from flyway_schema_history where success and version is not null"
                     + " order by installed_rank desc limit 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("the database has no Flyway history: not an Entente node's database");
            }
            return rs.getString(1);
        }
    }

    /** Every table but Flyway's own, each after the tables its foreign keys reference. */
    static List<String> loadOrder(Connection connection) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select table_name from information_schema.tables where table_schema = current_schema()"
                     + " and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Set<String>> references = new TreeMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select c.relname, r.relname from pg_constraint k join pg_class c on c.oid = k.conrelid"
                     + " join pg_class r on r.oid = k.confrelid where k.contype = 'f'"
                     + " and k.connamespace = (select oid from pg_namespace where nspname = current_schema())")) {
            while (rs.next()) {
                if (!rs.getString(1).equals(rs.getString(2))) { // a self-reference is satisfied by the row order of COPY
                    references.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        return topological(tables, references);
    }

    static List<String> topological(Collection<String> tables, Map<String, Set<String>> references) {
        LinkedHashSet<String> done = new LinkedHashSet<>();
        Set<String> visiting = new java.util.HashSet<>();
        for (String t : tables) {
            visit(t, references, done, visiting);
        }
        done.retainAll(Set.copyOf(tables));
        return List.copyOf(done);
    }

    private static void visit(String t, Map<String, Set<String>> references, LinkedHashSet<String> done, Set<String> visiting) {
        if (done.contains(t)) {
            return;
        }
        if (!visiting.add(t)) {
            throw new IllegalStateException("foreign keys form a cycle through " + t + ": no load order");
        }
        for (String r : references.getOrDefault(t, Set.of())) {
            visit(r, references, done, visiting);
        }
        visiting.remove(t);
        done.add(t);
    }

    static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (var ps = connection.prepareStatement("select column_name from information_schema.columns where table_schema = current_schema()"
                + " and table_name = ? and is_generated = 'NEVER' order by ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    private static List<BackupManifest.Sequence> sequences(Connection connection) throws SQLException {
        List<BackupManifest.Sequence> out = new ArrayList<>();
        // Sequences are not transactional: a value read here may be a little ahead of the snapshot,
        // which only leaves a gap in generated ids, never a reuse.
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select sequencename, last_value from pg_sequences where schemaname = current_schema()"
                     + " and last_value is not null order by sequencename")) {
            while (rs.next()) {
                out.add(new BackupManifest.Sequence(rs.getString(1), rs.getLong(2)));
            }
        }
        return out;
    }

    private static BackupManifest.AuditHead auditHead(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("select seq, hash from audit_log order by seq desc limit 1")) {
            return rs.next() ? new BackupManifest.AuditHead(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2))) : null;
        }
    }

    /** Regular files under the home, in a stable order, except the database and the anchor. */
    static List<Path> homeFiles(Path home, Path exclude) throws IOException {
        if (!Files.isDirectory(home)) {
            return List.of();
        }
        Path skip = exclude == null ? null : exclude.toAbsolutePath().normalize();
        Path root = home.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !NOT_ARCHIVED.contains(root.relativize(p).getName(0).toString()))
                    .filter(p -> !root.relativize(p).getName(0).toString().startsWith(".restore-"))
                    .filter(p -> !root.relativize(p).getFileName().toString().endsWith(".tmp"))
                    .filter(p -> !p.equals(skip))
                    .sorted().toList();
        }
    }

    private static boolean ownerOnly(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.stream().noneMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (IOException | UnsupportedOperationException e) {
            return true; // unknown: treat as a secret
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(MessageDigest sha) {
        return HexFormat.of().formatHex(sha.digest());
    }


    static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
