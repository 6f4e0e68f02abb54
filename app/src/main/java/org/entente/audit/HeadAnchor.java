package org.entente.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;

import org.entente.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The newest (sequence, hash) of the chain, kept outside the database in {@code <home>/audit.head}.
 * A hash chain proves nothing about its own end: deleting the newest entries leaves a shorter chain
 * that is perfectly consistent. The anchor remembers how far the chain reached, so verification can
 * tell a truncated log from a short one.
 *
 * <p>The file is replaced atomically (write a temporary file, force it to disk, rename) after each
 * append commits, and only ever moves forward. It may lag the table (a crash between the commit and
 * the write), which verification accepts; it may never be ahead of it. Once the table contradicts the
 * anchor (it ends before the anchor, or holds another hash at the anchored sequence), the anchor is
 * frozen so that later appends cannot paper over the evidence; an operator who has investigated
 * deletes the file and restarts the node, which then anchors the chain as it finds it.
 */
@Component
class HeadAnchor {

    static final String FILE_NAME = "audit.head";
    private static final Logger log = LoggerFactory.getLogger(HeadAnchor.class);

    private final Path file;
    /** Newest sequence written to the file by this process (or read from it at start). */
    private long anchoredSeq = -1;
    private byte[] anchoredHash;
    private boolean frozen;

    @Autowired
    HeadAnchor(NodeProperties node) {
        this(node.home().resolve(FILE_NAME));
    }

    HeadAnchor(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** What the anchor file says. */
    sealed interface State {
        record Absent() implements State {
        }

        record Unreadable(String reason) implements State {
        }

        record At(long seq, byte[] hash) implements State {
        }
    }

    State read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return new State.Absent();
        } catch (IOException e) {
            return new State.Unreadable(e.getMessage());
        }
        String[] parts = text.split(" ");
        try {
            if (parts.length != 2 || parts[1].length() != 64) {
                throw new IllegalArgumentException();
            }
            long seq = Long.parseLong(parts[0]);
            if (seq < 0) {
                throw new IllegalArgumentException();
            }
            return new State.At(seq, HexFormat.of().parseHex(parts[1]));
        } catch (IllegalArgumentException e) {
            return new State.Unreadable("expected '<sequence> <64 hex digits>'");
        }
    }

    /**
     * At start: anchors the chain as found when there is no anchor yet (trust on first use), and
     * freezes the anchor when the table contradicts it.
     */
    synchronized void initialise(long headSeq, byte[] headHash) {
        switch (read()) {
            case State.Absent a -> {
                if (headSeq > 0) {
                    log.warn("No audit head anchor at {}: anchoring the audit log as found, at entry {}."
                            + " If the anchor was deleted, removal of the newest entries before now cannot be detected.",
                            file, headSeq);
                }
                write(headSeq, headHash);
            }
            case State.Unreadable u -> {
                frozen = true;
                log.error("The audit head anchor {} is unreadable ({}); audit verification will fail until it is"
                        + " investigated and the file removed.", file, u.reason());
            }
            case State.At at -> {
                anchoredSeq = at.seq();
                anchoredHash = at.hash();
                checkAgainst(headSeq, headHash);
            }
        }
    }

    /**
     * Called under the chain lock with the table's head before appending after it: freezes the anchor
     * if the table has lost or changed the anchored entry.
     */
    synchronized void checkAgainst(long headSeq, byte[] headHash) {
        if (frozen || anchoredSeq < 0) {
            return;
        }
        if (anchoredSeq > headSeq || anchoredSeq == headSeq && !Arrays.equals(anchoredHash, headHash)) {
            frozen = true;
            log.error("The audit log contradicts its head anchor {} (anchored entry {}, table ends at {});"
                    + " the anchor is frozen. Run './entente audit verify'.", file, anchoredSeq, headSeq);
        }
    }

    /** After a commit: moves the anchor to {@code seq}, unless it is there already, further on, or frozen. */
    synchronized void advance(long seq, byte[] hash) {
        if (frozen || seq <= anchoredSeq) {
            return;
        }
        write(seq, hash);
    }

    private void write(long seq, byte[] hash) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp");
            byte[] bytes = (seq + " " + HexFormat.of().formatHex(hash) + "\n").getBytes(StandardCharsets.US_ASCII);
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(bytes));
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp); // only left over when the move failed
            }
            anchoredSeq = seq;
            anchoredHash = hash.clone();
        } catch (IOException e) {
            // The entry is committed; a lagging anchor only narrows what truncation can be detected.
            log.error("Could not write the audit head anchor {}: {}", file, e.getMessage());
        }
    }
}
