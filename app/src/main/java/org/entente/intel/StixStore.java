package org.entente.intel;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.entente.stix.BundleReader;
import org.entente.stix.StixId;
import org.entente.stix.StixObject;
import org.entente.stix.StixParseException;
import org.entente.stix.StixTimestamp;
import org.entente.stix.validation.StixValidator;
import org.entente.stix.validation.ValidationReport;
import org.entente.stix.validation.Violation;
import org.springframework.stereotype.Service;

/**
 * The STIX knowledge store: keeps every version of every object exactly as given.
 *
 * <p>Import is a pipeline of two stages. The calling thread parses and validates one object at a time
 * and encodes valid ones into a batch; a second thread streams full batches to PostgreSQL, each in
 * its own transaction. At most {@value #BATCHES_IN_FLIGHT} batches exist at once, so memory stays
 * bounded whatever the size of the input, and parsing overlaps with the database's work.
 */
@Service
public class StixStore {

    static final int BATCH_OBJECTS = Integer.getInteger("entente.import.batch-objects", 2_000);
    static final int BATCH_BYTES = 8 << 20;
    static final int BATCHES_IN_FLIGHT = Integer.getInteger("entente.import.batches-in-flight", 2);

    private final StixObjectTable table;
    private final StixValidator validator = new StixValidator();

    StixStore(StixObjectTable table) {
        this.table = table;
    }

    /** Told, after each batch is committed, how many objects the store has acknowledged so far. */
    @FunctionalInterface
    public interface Progress {
        void acknowledged(long objects);

        Progress NONE = objects -> {
        };
    }

    public ImportSummary ingest(InputStream input) {
        return ingest(input, Progress.NONE);
    }

    public ImportSummary ingest(InputStream input, Progress progress) {
        var run = new ImportRun(progress);
        CopyBatch batch = new CopyBatch();
        try (BundleReader reader = new BundleReader(input)) {
            BundleReader.Entry entry;
            while ((entry = reader.next()) != null) {
                run.received++;
                ValidationReport report = validator.validate(entry.json(), entry.pointer());
                if (!report.valid()) {
                    run.reject(entry, report);
                    continue;
                }
                batch.add(entry.index(), StixObject.of(entry.json()));
                if (batch.size() >= BATCH_OBJECTS || batch.bytes() >= BATCH_BYTES) {
                    run.submit(batch);
                    batch = new CopyBatch();
                }
            }
        } catch (StixParseException e) {
            // Everything read before the error is complete and valid: it is still stored.
            run.failure = Optional.of(new ImportSummary.InputFailure(e.getMessage(), e.line(), e.column()));
        } finally {
            try {
                run.submit(batch);
            } finally {
                run.finish();
            }
        }
        return run.summary();
    }

    public Optional<StoredObject> latest(StixId id) {
        return table.latest(id.toString());
    }

    public Optional<StoredObject> version(StixId id, StixTimestamp version) {
        return table.version(id.toString(), version.versionKey());
    }

    public List<StoredObject> versions(StixId id) {
        return table.versions(id.toString());
    }

    public List<StoredObject> search(List<String> types, String text, int limit, int offset) {
        return table.search(types, text, limit, offset);
    }

    public long count() {
        return table.count();
    }

    /** Streams stored versions (all of them, in the order they were added) as JSON text. */
    public void export(List<String> types, Instant addedSince, Consumer<String> sink) {
        table.export(types, addedSince, sink);
    }

    /** State of one import: counts, and the batches handed to the writer thread. */
    private final class ImportRun {
        private final Progress progress;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("import-writer").factory());
        private final Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
        private final List<Future<StixObjectTable.BatchResult>> pending = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private long received;
        private long stored;
        private long alreadyPresent;
        private Optional<ImportSummary.InputFailure> failure = Optional.empty();
        private volatile long acknowledged;

        ImportRun(Progress progress) {
            this.progress = progress;
        }

        void reject(BundleReader.Entry entry, ValidationReport report) {
            String id = entry.json() != null && entry.json().path("id").isString()
                    ? entry.json().path("id").stringValue() : null;
            rejected.add(new Rejection(entry.index(), id, report.errors().stream().map(ImportRun::reason).toList()));
        }

        private static Rejection.Reason reason(Violation v) {
            return new Rejection.Reason(v.rule().code(), v.pointer(), v.message());
        }

        void submit(CopyBatch batch) {
            if (batch.size() == 0) {
                return;
            }
            inFlight.acquireUninterruptibly();
            pending.add(writer.submit(() -> {
                try {
                    var result = table.write(batch);
                    acknowledged += batch.size(); // only this single writer thread updates it
                    progress.acknowledged(acknowledged);
                    return result;
                } finally {
                    inFlight.release();
                }
            }));
            collectDone();
        }

        /** Folds finished batches into the counts; the first failure aborts the import. */
        private void collectDone() {
            while (!pending.isEmpty() && pending.getFirst().isDone()) {
                account(pending.removeFirst());
            }
        }

        private void account(Future<StixObjectTable.BatchResult> f) {
            try {
                var result = f.get();
                stored += result.inserted();
                rejected.addAll(result.rejected());
            } catch (ExecutionException e) {
                writer.shutdownNow();
                throw e.getCause() instanceof java.sql.SQLException sql ? new StoreUnavailableException(sql)
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void finish() {
            try {
                while (!pending.isEmpty()) {
                    account(pending.removeFirst());
                }
            } finally {
                writer.shutdown();
            }
        }

        ImportSummary summary() {
            rejected.sort(java.util.Comparator.comparingInt(Rejection::index));
            alreadyPresent = received - stored - rejected.size();
            return new ImportSummary(received, stored, alreadyPresent, rejected, failure);
        }
    }
}
