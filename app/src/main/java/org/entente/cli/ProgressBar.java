package org.entente.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line on the terminal: redrawn in place on a console, or a line every 10% when output
 * goes to a file or pipe (so CI logs stay readable).
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastDecile = -1;

    ProgressBar(PrintStream out, String label, long total) {
        this(out, label, total, System.console() != null);
    }

    ProgressBar(PrintStream out, String label, long total, boolean interactive) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.interactive = interactive;
    }

    synchronized void update(long done) {
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDraw > 100_000_000L || done >= total) {
                out.print("\r" + line(done, now));
                out.flush();
                lastDraw = now;
            }
        } else {
            int decile = total <= 0 ? 0 : (int) Math.min(10, done * 10 / total);
            if (decile > lastDecile) {
                out.println(line(done, now));
                lastDecile = decile;
            }
        }
    }

    synchronized void finish(long done) {
        if (interactive) {
            out.print("\r" + line(done, System.nanoTime()) + "\n");
        } else if (lastDecile < 10) {
            out.println(line(done, System.nanoTime()));
        }
        out.flush();
    }

    String line(long done, long now) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s  %s/s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), bytes(done), bytes(total), bytes((long) (done / seconds)));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }
}
