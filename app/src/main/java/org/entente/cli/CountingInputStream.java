package org.entente.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Reports how many bytes have been read so far: what the CLI's progress bars draw. */
final class CountingInputStream extends FilterInputStream {

    private final LongConsumer progress;
    private long count;

    private CountingInputStream(InputStream in, LongConsumer progress) {
        super(in);
        this.progress = progress;
    }

    static InputStream of(Path file, LongConsumer progress) throws IOException {
        return new CountingInputStream(Files.newInputStream(file), progress);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            progress.accept(++count);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            count += n;
            progress.accept(count);
        }
        return n;
    }
}
