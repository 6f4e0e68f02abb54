package org.entente.intel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import org.entente.sharing.Audience;
import org.entente.sharing.SharingLabel;
import org.entente.stix.StixId;
import org.entente.stix.StixJson;
import org.entente.stix.StixObject;
import org.entente.stix.StixTimestamp;

/**
 * A batch of validated objects encoded as PostgreSQL COPY text rows, ready to stream to the server in
 * one round trip. Encoding happens as objects arrive, so a batch costs its encoded size and no more.
 */
final class CopyBatch {

    /** date_added comes first: it is only known once the batch holds the store's clock (see StixObjectTable). */
    static final String COLUMNS = "date_added, id, version, type, modified, created, created_by_ref, marking_refs, revoked,"
            + " source_ref, target_ref, owner_org, owner_participant, tlp, audience, audience_task_force, audience_participants,"
            + " audience_orgs, body";

    private byte[] buf = new byte[1 << 20];
    private int len;
    private int size;
    private int[] inputIndex = new int[256];
    private int[] rowStart = new int[257];
    private String[] ids = new String[256];
    private String[] versions = new String[256];
    private boolean[] revoked = new boolean[256];
    /** What listeners learn of each row once it is committed (see {@link IntelStored}). */
    private StoredVersion[] described = new StoredVersion[256];
    private final java.util.Map<String, String> firstRevokedVersion = new java.util.HashMap<>();

    int size() {
        return size;
    }

    int bytes() {
        return len;
    }

    byte[] buffer() {
        return buf;
    }

    int inputIndex(int ord) {
        return inputIndex[ord];
    }

    String id(int ord) {
        return ids[ord];
    }

    String version(int ord) {
        return versions[ord];
    }

    boolean revoked(int ord) {
        return revoked[ord];
    }

    /** Whether this batch also holds a revoked, older version of the same object. */
    boolean revokedEarlierInBatch(int ord) {
        String firstRevoked = firstRevokedVersion.get(ids[ord]);
        return firstRevoked != null && firstRevoked.compareTo(versions[ord]) < 0;
    }

    /**
     * The kept rows, each prefixed with its date_added: {@code base} plus one microsecond per row, so
     * date_added is strictly increasing in input order.
     */
    byte[] rowsWithDateAdded(int[] keep, int kept, java.time.Instant base) {
        int total = 0;
        for (int k = 0; k < kept; k++) {
            total += rowStart[keep[k] + 1] - rowStart[keep[k]] + 32;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (int k = 0; k < kept; k++) {
            byte[] date = base.plusNanos(1_000L * k).toString().getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(date, 0, out, at, date.length);
            at += date.length;
            int from = rowStart[keep[k]];
            int length = rowStart[keep[k] + 1] - from;
            System.arraycopy(buf, from, out, at, length);
            at += length;
        }
        return Arrays.copyOf(out, at);
    }

    /** Start offset of row {@code ord} in the buffer (rows are contiguous; the end is the next start). */
    int rowStart(int ord) {
        return rowStart[ord];
    }

    /**
     * Encodes one object as a COPY row without its leading date_added column, which the writer
     * prepends once the batch has its place in the store's timeline.
     */
    void add(int index, StixObject object, SharingLabel label) {
        if (size == inputIndex.length) {
            inputIndex = Arrays.copyOf(inputIndex, size * 2);
            rowStart = Arrays.copyOf(rowStart, size * 2 + 1);
            ids = Arrays.copyOf(ids, size * 2);
            versions = Arrays.copyOf(versions, size * 2);
            revoked = Arrays.copyOf(revoked, size * 2);
            described = Arrays.copyOf(described, size * 2);
        }
        inputIndex[size] = index;
        ids[size] = object.id().toString();
        versions[size] = object.version().map(StixTimestamp::versionKey).orElse("");
        revoked[size] = object.revoked();
        if (revoked[size]) {
            firstRevokedVersion.merge(ids[size], versions[size], (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        described[size] = describe(object, versions[size], label);
        rowStart[size] = len;
        put((byte) '\t');
        text(ids[size]).tab();
        text(versions[size]).tab();
        text(object.type()).tab();
        timestamp(object.modified()).tab();
        timestamp(object.created()).tab();
        nullable(object.createdByRef().map(StixId::toString)).tab();
        markings(object).tab();
        text(object.revoked() ? "t" : "f").tab();
        nullable(sourceRef(object)).tab();
        nullable(targetRef(object)).tab();
        label(label);
        escaped(StixJson.MAPPER.writeValueAsBytes(object.json()));
        put((byte) '\n');
        size++;
        rowStart[size] = len;
    }

    /** The committed rows {@code keep[0..kept)}, as listeners are told of them. */
    java.util.List<StoredVersion> described(int[] keep, int kept) {
        java.util.List<StoredVersion> out = new java.util.ArrayList<>(kept);
        for (int k = 0; k < kept; k++) {
            out.add(described[keep[k]]);
        }
        return out;
    }

    /** Cheap: reads a few properties of the tree already in memory; keeps the tree only for what correlation matches. */
    private static StoredVersion describe(StixObject object, String version, SharingLabel label) {
        boolean indicator = "indicator".equals(object.type());
        boolean observed = "observed-data".equals(object.type())
                || object.kind() == org.entente.stix.ObjectKind.OBSERVABLE;
        return new StoredVersion(object.id().toString(), object.type(), version, object.revoked(),
                object.string("name"),
                indicator ? object.string("pattern") : Optional.empty(),
                indicator ? object.string("pattern_type") : Optional.empty(),
                indicator ? object.timestamp("valid_until").map(StixTimestamp::instant) : Optional.empty(),
                label, observed ? object.json() : null);
    }

    private static Optional<String> sourceRef(StixObject o) {
        return "relationship".equals(o.type()) ? o.string("source_ref") : Optional.empty();
    }

    private static Optional<String> targetRef(StixObject o) {
        return switch (o.type()) {
            case "relationship" -> o.string("target_ref");
            case "sighting" -> o.string("sighting_of_ref");
            default -> Optional.empty();
        };
    }

    private void label(SharingLabel label) {
        text(Long.toString(label.owner().value())).tab();
        text(Long.toString(label.ownerParticipant().value())).tab();
        text(Integer.toString(label.tlp().ordinal())).tab();
        text(label.audience().code()).tab();
        switch (label.audience()) {
            case Audience.TaskForce tf -> text(Long.toString(tf.taskForce().value())).tab().text("{}").tab().text("{}").tab();
            case Audience.Named n -> text("\\N").tab()
                    .longs(n.participants().stream().mapToLong(p -> p.value())).tab()
                    .longs(n.organisations().stream().mapToLong(o -> o.value())).tab();
            default -> text("\\N").tab().text("{}").tab().text("{}").tab();
        }
    }

    private CopyBatch longs(java.util.stream.LongStream values) {
        return text(values.mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(",", "{", "}")));
    }

    private CopyBatch markings(StixObject object) {
        put((byte) '{');
        boolean first = true;
        for (String ref : object.objectMarkingRefs()) {
            // Only well-formed ids reach the store; they need no quoting inside an array literal.
            if (StixId.tryParse(ref).isPresent()) {
                if (!first) {
                    put((byte) ',');
                }
                text(ref);
                first = false;
            }
        }
        put((byte) '}');
        return this;
    }

    private CopyBatch timestamp(Optional<StixTimestamp> ts) {
        return nullable(ts.map(t -> t.instant().toString()));
    }

    private CopyBatch nullable(Optional<String> value) {
        return value.isPresent() ? escaped(value.get().getBytes(StandardCharsets.UTF_8)) : text("\\N");
    }

    private CopyBatch text(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    private CopyBatch tab() {
        put((byte) '\t');
        return this;
    }

    /**
     * COPY text format: backslash, newline, carriage return and tab must be escaped. UTF-8 continuation
     * bytes are all >= 0x80, so escaping byte by byte is safe for any text.
     */
    private CopyBatch escaped(byte[] bytes) {
        ensure(bytes.length * 2);
        int run = 0; // start of the pending run of bytes that need no escape
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            byte escape = switch (b) {
                case '\\' -> (byte) '\\';
                case '\n' -> (byte) 'n';
                case '\r' -> (byte) 'r';
                case '\t' -> (byte) 't';
                default -> 0;
            };
            if (escape != 0) {
                System.arraycopy(bytes, run, buf, len, i - run);
                len += i - run;
                buf[len++] = '\\';
                buf[len++] = escape;
                run = i + 1;
            }
        }
        System.arraycopy(bytes, run, buf, len, bytes.length - run);
        len += bytes.length - run;
        return this;
    }

    private void put(byte b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
