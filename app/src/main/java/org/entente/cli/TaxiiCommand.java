package org.entente.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.entente.stix.BundleWriter;
import org.entente.taxii.client.CollectionChoiceException;
import org.entente.taxii.client.Cursor;
import org.entente.taxii.client.PullListener;
import org.entente.taxii.client.PullProgress;
import org.entente.taxii.client.PullResult;
import org.entente.taxii.client.PushListener;
import org.entente.taxii.client.PushResult;
import org.entente.taxii.client.Query;
import org.entente.taxii.client.StatusDetail;
import org.entente.taxii.client.TaxiiClient;
import org.entente.taxii.client.TaxiiCollection;
import org.entente.taxii.client.TaxiiException;
import org.entente.taxii.client.TaxiiPushException;

/**
 * {@code entente taxii pull|push|collections URL ...}: a client of any TAXII 2.1 server (URL: its
 * discovery URL, e.g. {@code https://host/taxii2/}, or an API root).
 *
 * <ul>
 * <li>{@code pull} writes the collection as one bundle to standard output, progress on standard error;
 * with {@code --cursor FILE} it starts where the previous pull stopped and saves the cursor after every
 * page, so an interrupted pull resumes without losing or repeating objects.</li>
 * <li>{@code push} streams a bundle file to the collection in batches, with a progress bar over the
 * file, waits for each status and prints what succeeded and what failed, and why (exit code 1 if any
 * object failed).</li>
 * <li>{@code collections} lists the API root's collections.</li>
 * </ul>
 */
final class TaxiiCommand {

    private static final int SHOWN_FAILURES = 20;
    private static final Set<String> AUTH = Set.of("token", "user", "password", "timeout", "retries");

    private final PrintStream out;
    private final PrintStream err;
    private final boolean console;

    TaxiiCommand() {
        this(System.out, System.err, System.console() != null);
    }

    TaxiiCommand(PrintStream out, PrintStream err, boolean console) {
        this.out = out;
        this.err = err;
        this.console = console;
    }

    int run(List<String> raw) {
        if (raw.isEmpty()) {
            throw new UsageException("taxii needs a subcommand: pull, push or collections");
        }
        List<String> rest = raw.subList(1, raw.size());
        return switch (raw.getFirst()) {
            case "pull" -> pull(rest);
            case "push" -> push(rest);
            case "collections" -> collections(rest);
            default -> throw new UsageException("unknown taxii subcommand '" + raw.getFirst()
                    + "' (pull, push or collections)");
        };
    }

    // ------------------------------------------------------------------ pull

    private int pull(List<String> raw) {
        Args args = Args.parse(raw, with("collection", "added-after", "cursor", "limit", "type"), Set.of("all-versions"));
        if (args.positional().size() != 1) {
            throw new UsageException("usage: taxii pull URL [--collection C] [--cursor FILE] ... > bundle.json");
        }
        Path cursorFile = args.option("cursor").map(Path::of).orElse(null);
        Cursor cursor = startingCursor(args, cursorFile);
        Query filter = Query.ALL.types(args.all("type").toArray(String[]::new));
        if (args.flag("all-versions")) {
            filter = filter.versions("all");
        }
        try (TaxiiClient client = TaxiiConnection.open(args.positional().getFirst(), args, err)) {
            TaxiiCollection collection;
            try {
                collection = client.selectCollection(args.option("collection").orElse(null), TaxiiClient.Access.READ);
            } catch (CollectionChoiceException e) {
                TaxiiConnection.explain(e, "pull", err);
                return 2;
            }
            if (cursor.collection().filter(c -> !c.equals(collection.id())).isPresent()
                    || cursor.apiRoot().filter(r -> !strip(r).equals(strip(client.apiRootUrl().toString()))).isPresent()) {
                throw new UsageException("the cursor " + cursorFile + " belongs to collection "
                        + cursor.collection().orElse("?") + " at " + cursor.apiRoot().orElse("?")
                        + "; use another --cursor file for " + collection.id() + " at " + client.apiRootUrl());
            }
            return pull(client, collection, filter, cursor, cursorFile);
        } catch (TaxiiException e) {
            err.println("entente taxii pull: " + TaxiiConnection.explain(e));
            return e.interrupted() ? 130 : 1;
        }
    }

    private Cursor startingCursor(Args args, Path cursorFile) {
        if (cursorFile != null && Files.exists(cursorFile)) {
            if (args.option("added-after").isPresent()) {
                throw new UsageException("--added-after and an existing --cursor file both say where to start;"
                        + " drop one");
            }
            try {
                return Cursor.load(cursorFile);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (cursorFile != null && (cursorFile.toAbsolutePath().getParent() == null
                || !Files.isDirectory(cursorFile.toAbsolutePath().getParent()))) {
            throw new UsageException("cannot write the cursor " + cursorFile + ": no such directory");
        }
        try {
            return args.option("added-after").map(Cursor::after).orElseGet(Cursor::start);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--added-after: " + e.getMessage());
        }
    }

    private int pull(TaxiiClient client, TaxiiCollection collection, Query filter, Cursor cursor, Path cursorFile) {
        String name = label(collection);
        err.println("pulling " + name + " from " + client.apiRootUrl()
                + cursor.addedAfter().map(t -> " (added after " + t + ")").orElse(""));
        long started = System.nanoTime();
        PullProgressLine progress = new PullProgressLine();
        BundleWriter writer = new BundleWriter(new BufferedOutputStream(unclosable(out), 1 << 16));
        PullResult result;
        try {
            result = client.pull(collection.id(), filter, cursor, writer::write, new PullListener() {
                @Override
                public void page(PullProgress p) {
                    writer.flush();
                    if (cursorFile != null) {
                        p.cursor().save(cursorFile);
                    }
                    progress.update(p);
                }

                @Override
                public void warning(String message) {
                    progress.interrupt();
                    err.println("warning: " + message);
                }
            });
        } catch (TaxiiException e) {
            writer.close();
            progress.interrupt();
            err.printf(Locale.ROOT, "pull stopped after %,d objects: %s%n", writer.count(), TaxiiConnection.explain(e));
            err.println(cursorFile != null
                    ? "the bundle written holds every object up to the cursor; run the same command again to resume"
                    : "pass --cursor FILE to make an interrupted pull resumable");
            return e.interrupted() ? 130 : 1;
        }
        writer.close();
        progress.interrupt();
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "pulled %,d objects in %,d page%s from %s (%.1f s)%s%n", result.objects(),
                result.pages(), result.pages() == 1 ? "" : "s", name, seconds, result.duplicatesSkipped() > 0
                        ? String.format(Locale.ROOT, "; %,d already pulled were skipped", result.duplicatesSkipped()) : "");
        if (cursorFile != null) {
            cursor.save(cursorFile);
            err.println("cursor " + cursorFile + ": " + cursor.addedAfter().map(t -> "next pull starts after " + t)
                    .orElse("nothing pulled yet"));
        }
        return 0;
    }

    /** Objects and pages so far: redrawn in place on a console, else a line every 5 seconds. */
    private final class PullProgressLine {
        private long lastLine = System.nanoTime();
        private boolean drawn;

        void update(PullProgress p) {
            String line = String.format(Locale.ROOT, "pulled %,d objects, %,d pages%s", p.objects(), p.pages(),
                    p.more() ? "..." : "");
            if (console) {
                err.print("\r" + line);
                err.flush();
                drawn = true;
            } else if (System.nanoTime() - lastLine > 5_000_000_000L) {
                err.println(line);
                lastLine = System.nanoTime();
            }
        }

        /** Ends a line drawn in place before anything else is printed. */
        void interrupt() {
            if (drawn) {
                err.println();
                drawn = false;
            }
        }
    }

    // ------------------------------------------------------------------ push

    private int push(List<String> raw) {
        Args args = Args.parse(raw, with("collection", "batch"), Set.of("verbose"));
        if (args.positional().size() != 2) {
            throw new UsageException("usage: taxii push URL FILE [--collection C] [--batch N]");
        }
        Path file = Path.of(args.positional().get(1));
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new UsageException("cannot read file " + file);
        }
        int batch = args.option("batch").map(b -> TaxiiConnection.positive("batch", b)).orElse(500);
        try (TaxiiClient client = TaxiiConnection.open(args.positional().getFirst(), args, err)) {
            TaxiiCollection collection;
            try {
                collection = client.selectCollection(args.option("collection").orElse(null), TaxiiClient.Access.WRITE);
            } catch (CollectionChoiceException e) {
                TaxiiConnection.explain(e, "push", err);
                return 2;
            }
            return push(client, collection, file, batch, args.flag("verbose"));
        } catch (TaxiiException e) {
            err.println("entente taxii push: " + TaxiiConnection.explain(e));
            return e.interrupted() ? 130 : 1;
        }
    }

    private int push(TaxiiClient client, TaxiiCollection collection, Path file, int batch, boolean verbose) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            err.println(file + ": cannot read: " + e.getMessage());
            return 1;
        }
        err.println("pushing " + file.getFileName() + " to " + label(collection) + " at " + client.apiRootUrl());
        ProgressBar bar = new ProgressBar(err, file.getFileName().toString(), size, console);
        long started = System.nanoTime();
        PushResult result;
        String stopped = null;
        try (InputStream in = CountingInputStream.of(file, bar::update)) {
            result = client.push(collection.id(), in, batch, PushListener.NONE);
        } catch (TaxiiPushException e) {
            result = e.partial();
            stopped = TaxiiConnection.explain(e);
        } catch (IOException e) {
            bar.finish(0);
            err.println(file + ": cannot read: " + e.getMessage());
            return 1;
        }
        bar.finish(stopped == null ? size : 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "%s: %,d read, %,d succeeded, %,d failed%s (%.1f s, %,.0f objects/s)%n",
                file.getFileName(), result.read(), result.succeeded(), result.failed(),
                result.pending() > 0 ? String.format(Locale.ROOT, ", %,d still pending", result.pending()) : "",
                seconds, result.read() / Math.max(seconds, 1e-3));
        list("failed", result.failures(), result.failed(), verbose);
        list("pending", result.pendings(), result.pending(), verbose);
        if (result.inputError() != null) {
            out.println("  " + file.getFileName() + " could not be read to its end: " + result.inputError());
        }
        if (stopped != null) {
            err.println("push stopped: " + stopped);
            return 1;
        }
        return result.ok() ? 0 : 1;
    }

    private void list(String what, List<StatusDetail> details, long total, boolean verbose) {
        int shown = 0;
        for (StatusDetail d : details) {
            if (!verbose && shown++ == SHOWN_FAILURES) {
                out.printf(Locale.ROOT, "  ... and %,d more (use --verbose to see all)%n", total - SHOWN_FAILURES);
                return;
            }
            out.println("  " + what + " " + d);
        }
        if (total > details.size() && (verbose || details.size() < SHOWN_FAILURES)) {
            out.printf(Locale.ROOT, "  ... and %,d more without details%n", total - details.size());
        }
    }

    // ------------------------------------------------------------------ collections

    private int collections(List<String> raw) {
        Args args = Args.parse(raw, AUTH, Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException("usage: taxii collections URL [--token T | --user U --password P]");
        }
        try (TaxiiClient client = TaxiiConnection.open(args.positional().getFirst(), args, err)) {
            List<TaxiiCollection> all = client.collections();
            out.println(client.apiRootUrl() + ": " + all.size() + (all.size() == 1 ? " collection" : " collections"));
            for (TaxiiCollection c : all) {
                out.printf("  %s  %s  %s%n", c.id(), c.access(), c.title() == null ? "" : c.title());
            }
            return 0;
        } catch (TaxiiException e) {
            err.println("entente taxii collections: " + TaxiiConnection.explain(e));
            return e.interrupted() ? 130 : 1;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Set<String> with(String... options) {
        java.util.HashSet<String> all = new java.util.HashSet<>(AUTH);
        all.addAll(List.of(options));
        return Set.copyOf(all);
    }

    private static String strip(String url) {
        return url.replaceAll("/+$", "");
    }

    private static String label(TaxiiCollection c) {
        return c.title() == null || c.title().isBlank() ? "collection " + c.id()
                : "collection '" + c.title() + "' (" + c.id() + ")";
    }

    /** Standard output for the bundle writer, which closes what it writes to. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
