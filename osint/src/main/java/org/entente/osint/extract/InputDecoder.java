package org.entente.osint.extract;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Inflates gzip input. The contract lets callers pass inflated bytes, but a {@code .html.gz} handed over as is
 * must not come out as mojibake, so the gzip magic is honoured wherever the bytes come from.
 */
final class InputDecoder {

    /** Pages are a few hundred kilobytes; a bound keeps a gzip bomb from taking the node's heap. */
    static final int MAX_INFLATED_BYTES = 64 * 1024 * 1024;

    private InputDecoder() {
    }

    static boolean isGzip(byte[] content) {
        return content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
    }

    static byte[] inflateIfGzip(byte[] content, String sourceName) {
        if (!isGzip(content)) {
            return content;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length * 4);
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_INFLATED_BYTES) {
                    throw new UnreadableArticleException(sourceName + ": inflates to more than "
                            + MAX_INFLATED_BYTES / (1024 * 1024) + " MB");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableArticleException u) {
                throw u;
            }
            throw new UnreadableArticleException(sourceName + ": not a readable gzip stream");
        }
    }
}
