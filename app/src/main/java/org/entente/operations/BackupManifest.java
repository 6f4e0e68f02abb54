package org.entente.operations;

import java.util.List;

/**
 * The table of contents of a backup archive ({@code manifest.json}, the archive's last entry): what
 * was taken, from which schema version, with a SHA-256 and size for every other entry so a restore can
 * refuse a damaged or altered archive before it changes anything.
 *
 * @param format        always {@link #FORMAT}
 * @param formatVersion layout of the archive, {@link #FORMAT_VERSION}
 * @param createdAt     when the snapshot was taken (ISO-8601)
 * @param schemaVersion the Flyway version of the database the archive was taken from
 * @param tables        in load order (a table after every table it references)
 * @param sequences     sequence positions at the snapshot
 * @param files         files of the node's home (keys, certificates, the audit head anchor)
 * @param auditHead     the newest audit entry in the snapshot, or null for an empty log
 */
public record BackupManifest(String format, int formatVersion, String createdAt, String schemaVersion,
                             List<Table> tables, List<Sequence> sequences, List<HomeFile> files, AuditHead auditHead) {

    public static final String FORMAT = "entente-backup";
    public static final int FORMAT_VERSION = 1;
    public static final String NAME = "manifest.json";

    /** One table's rows in PostgreSQL's COPY text format, in entry {@code db/<name>.copy}. */
    public record Table(String name, List<String> columns, long rows, long bytes, String sha256) {
        public String entry() {
            return "db/" + name + ".copy";
        }
    }

    public record Sequence(String name, long lastValue) {
    }

    /** A file of the home, relative path with '/' separators, in entry {@code home/<path>}. */
    public record HomeFile(String path, long bytes, String sha256, boolean ownerOnly) {
        public String entry() {
            return "home/" + path;
        }
    }

    public record AuditHead(long seq, String hash) {
    }
}
