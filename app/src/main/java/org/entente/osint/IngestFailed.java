package org.entente.osint;

/**
 * The database part of an ingest failed after its checks passed (a bug, a constraint, a lost connection). Whatever
 * the attempt had already written to the STIX store, which commits on its own, was withdrawn again through the
 * store's owner delete before this was thrown; {@code withdrawn} is false only when that withdrawal failed too, and
 * then the log names the versions left behind. The message is for the log, never for the client: it may carry SQL.
 */
public class IngestFailed extends RuntimeException {

    private final boolean withdrawn;

    IngestFailed(boolean withdrawn, Throwable cause) {
        super("OSINT ingest failed" + (withdrawn ? "; its STIX versions were withdrawn" : "; withdrawing its STIX versions failed"), cause);
        this.withdrawn = withdrawn;
    }

    /** Whether nothing of the attempt is left in the store (so the upload can simply be repeated). */
    public boolean withdrawn() {
        return withdrawn;
    }
}
