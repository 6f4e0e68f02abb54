package org.entente.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head anchor file: written atomically, only forwards, frozen once the table contradicts it. */
class AuditHeadAnchorTest {

    static final byte[] H1 = hash(1);
    static final byte[] H2 = hash(2);
    static final byte[] H3 = hash(3);

    @TempDir
    Path home;

    @Test
    void firstStartAnchorsTheChainAsFound() {
        HeadAnchor anchor = new HeadAnchor(home.resolve("audit.head"));
        assertThat(anchor.read()).isInstanceOf(HeadAnchor.State.Absent.class);

        anchor.initialise(2, H2);

        assertThat(anchor.read()).isInstanceOfSatisfying(HeadAnchor.State.At.class, at -> {
            assertThat(at.seq()).isEqualTo(2);
            assertThat(at.hash()).isEqualTo(H2);
        });
    }

    @Test
    void anEmptyLogIsAnchoredAtTheGenesis() {
        HeadAnchor anchor = new HeadAnchor(home.resolve("audit.head"));
        anchor.initialise(0, EntryHash.GENESIS);
        assertThat(anchor.read()).isInstanceOfSatisfying(HeadAnchor.State.At.class, at -> assertThat(at.seq()).isZero());
    }

    @Test
    void theAnchorOnlyMovesForwardAndLeavesNoTemporaryFiles() throws Exception {
        HeadAnchor anchor = new HeadAnchor(home.resolve("audit.head"));
        anchor.initialise(1, H1);
        anchor.advance(3, H3);
        anchor.advance(2, H2); // a commit whose anchor write came late

        assertThat(((HeadAnchor.State.At) anchor.read()).seq()).isEqualTo(3);
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("audit.head");
        }
    }

    @Test
    void aTableThatEndsBeforeTheAnchorFreezesIt() {
        HeadAnchor anchor = new HeadAnchor(home.resolve("audit.head"));
        anchor.initialise(3, H3);

        anchor.checkAgainst(1, H1); // entries 2 and 3 are gone
        anchor.advance(2, H2);
        anchor.advance(4, hash(4));

        assertThat(((HeadAnchor.State.At) anchor.read()).seq()).isEqualTo(3);
    }

    @Test
    void anotherHashAtTheAnchoredEntryFreezesIt() {
        HeadAnchor anchor = new HeadAnchor(home.resolve("audit.head"));
        anchor.initialise(2, H2);
        new HeadAnchor(home.resolve("audit.head")).initialise(2, H2); // a restart that agrees changes nothing

        HeadAnchor restarted = new HeadAnchor(home.resolve("audit.head"));
        restarted.initialise(2, H1); // entry 2 rewritten while the node was down
        restarted.advance(3, H3);

        assertThat(((HeadAnchor.State.At) restarted.read()).seq()).isEqualTo(2);
    }

    @Test
    void anUnreadableAnchorIsReportedAndNeverOverwritten() throws Exception {
        Path file = home.resolve("audit.head");
        Files.writeString(file, "garbage\n");
        HeadAnchor anchor = new HeadAnchor(file);

        anchor.initialise(5, H1);
        anchor.advance(6, H2);

        assertThat(anchor.read()).isInstanceOf(HeadAnchor.State.Unreadable.class);
        assertThat(Files.readString(file)).isEqualTo("garbage\n");
    }

    private static byte[] hash(int n) {
        byte[] h = new byte[32];
        h[31] = (byte) n;
        return h;
    }
}
