package org.entente.osint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** The page bytes the node accepts, before any extraction: media types, gzip, limits. */
class OsintPageTest {

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    @Test
    void htmlAndTextPassAsSentWhateverTheirParameters() {
        byte[] page = "<p>SCO ministers met in Qingdao</p>".getBytes(StandardCharsets.UTF_8);
        assertThat(Osint.page(page, "text/html; charset=UTF-8")).isSameAs(page);
        assertThat(Osint.page(page, "TEXT/PLAIN")).isSameAs(page);
    }

    @Test
    void gzipIsInflated() throws IOException {
        byte[] page = "The SCO has ten members.".getBytes(StandardCharsets.UTF_8);
        assertThat(Osint.page(gzip(page), "application/gzip")).isEqualTo(page);
        assertThat(Osint.page(gzip(page), "application/x-gzip")).isEqualTo(page);
    }

    @Test
    void aGzipBombStopsAtTheInflatedLimit() throws IOException {
        byte[] bomb = gzip(new byte[Osint.MAX_INFLATED + 1]);
        assertThat(bomb.length).isLessThan(100_000);
        assertThatThrownBy(() -> Osint.page(bomb, "application/gzip"))
                .isInstanceOfSatisfying(ArticleRejected.class, e -> assertThat(e.reason()).isEqualTo(ArticleRejected.Reason.TOO_LARGE));
    }

    @Test
    void emptyTruncatedOrForeignBodiesAreRefusedWithTheReason() throws IOException {
        assertThatThrownBy(() -> Osint.page(new byte[0], "text/plain")).hasMessageContaining("empty");
        byte[] truncated = java.util.Arrays.copyOf(gzip("x".repeat(1000).getBytes(StandardCharsets.UTF_8)), 12);
        assertThatThrownBy(() -> Osint.page(truncated, "application/gzip")).hasMessageContaining("gzip");
        assertThatThrownBy(() -> Osint.page(gzip(new byte[0]), "application/gzip")).hasMessageContaining("no page");
        assertThatThrownBy(() -> Osint.page(new byte[]{1}, "application/pdf"))
                .isInstanceOfSatisfying(ArticleRejected.class, e -> assertThat(e.reason()).isEqualTo(ArticleRejected.Reason.UNSUPPORTED_TYPE));
        assertThatThrownBy(() -> Osint.page(new byte[]{1}, null)).hasMessageContaining("(none)");
    }
}
