package org.entente.intel;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import java.util.Set;

import org.entente.community.Caller;
import org.entente.community.Ids.OrganisationId;
import org.entente.community.Permission;
import org.entente.sharing.Audience;
import org.entente.sharing.ParticipantRecipient;
import org.entente.sharing.SharingLabel;
import org.entente.sharing.SharingPolicy;
import org.entente.stix.BundleReader;
import org.entente.stix.Tlp;
import org.springframework.context.ApplicationEventPublisher;
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
    private final SharingPolicy policy;
    private final org.entente.community.Community community;
    private final ApplicationEventPublisher events;
    private final StixValidator validator = new StixValidator();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StixStore.class);

    /**
     * The cluster topic of the V59 trigger on stix_object: every committed statement that changes the
     * table (from any instance, any code path, even by hand) announces itself on it.
     */
    public static final String CHANGED = "intel-store-changed";

    StixStore(StixObjectTable table, SharingPolicy policy, ApplicationEventPublisher events,
              org.entente.community.Community community, org.entente.node.Cluster cluster) {
        this.table = table;
        this.community = community;
        this.policy = policy;
        this.events = events;
        // This instance's own changes moved the generation already (at commit); the trigger's notice
        // moves it again, harmlessly. Another instance's change moves it here when its notice arrives.
        cluster.subscribe(CHANGED, m -> table.changes().moved());
        cluster.onGap(table.changes()::moved);
    }

    /**
     * Moves after every committed change to the stored objects or their labels (this instance's at
     * once, other instances' when their notice arrives): a cache of filtered reads is current only while
     * this still reads as it did before the cached value was loaded.
     */
    public long generation() {
        return table.changes().current();
    }

    /** Told, after each batch is committed, how many objects the store has acknowledged so far. */
    @FunctionalInterface
    public interface Progress {
        void acknowledged(long objects);

        Progress NONE = objects -> {
        };
    }

    public ImportSummary ingest(InputStream input, ImportLabel label) {
        return ingest(input, label, Progress.NONE);
    }

    /**
     * Stores every valid object of the input under {@code label}. An audience that reaches beyond the
     * importer's organisation is a release: it needs {@code intel.publish} (checked before anything is
     * read) and is announced as {@link IntelReleased}.
     */
    public ImportSummary ingest(InputStream input, ImportLabel label, Progress progress) {
        requireKnown(label.audience());
        Set<OrganisationId> recipients = policy.recipients(new SharingLabel(label.owner().organisation(),
                label.owner().participant(), label.tlp().orElse(Tlp.CLEAR), label.audience()));
        boolean release = recipients.stream().anyMatch(o -> !o.equals(label.owner().organisation()));
        if (release && !label.owner().has(Permission.INTEL_PUBLISH)) {
            throw new SharingRefused("releasing outside your own organisation needs the permission intel.publish");
        }
        ImportSummary summary = store(input, (index, object) -> label.labelFor(object), label.owner(), progress);
        if (release && summary.stored() > 0) {
            events.publishEvent(new IntelReleased(label.owner().username(), "import of " + summary.stored() + " objects",
                    new SharingLabel(label.owner().organisation(), label.owner().participant(),
                            label.tlp().orElse(Tlp.AMBER), label.audience()), recipients));
        }
        return summary;
    }

    /** Validates and stores every object of the input, each under the label {@code labeller} gives it. */
    private ImportSummary store(InputStream input, java.util.function.BiFunction<Integer, StixObject, SharingLabel> labeller,
                                Caller actor, Progress progress) {
        var run = new ImportRun(progress, actor);
        long started = System.nanoTime();
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
                StixObject object = StixObject.of(entry.json());
                batch.add(entry.index(), object, labeller.apply(entry.index(), object));
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
        ImportSummary summary = run.summary();
        IngestMetrics.record(summary, System.nanoTime() - started);
        return summary;
    }

    // --- federation: what a peer's participant receives, and what this node receives from peers --------

    /**
     * One page of this store's change stream for a participant as recipient (a federation peer): the
     * versions the sharing policy releases to it ({@link SharingPolicy#decide(ParticipantRecipient,
     * SharingLabel)}, in SQL) that its own organisations do not own, and every label change, after
     * {@code after} in store-clock order. A label change entry is not yet decided: the caller must
     * release its bodies only when {@link SharingPolicy} allows the recipient, else at most a revocation.
     * Label changes that cannot concern the recipient are left out, page cursor included: those of objects
     * of which it may see no current version and of which it received nothing from this node
     * ({@code receivedAmong}: of these ids, those the recipient was sent a version of).
     */
    public FederationFeed.Page federationFeed(ParticipantRecipient recipient, Instant after, int limit,
                                              java.util.function.Function<List<String>, Set<String>> receivedAmong) {
        return table.feed(policy.filter(recipient, "o."), recipient.participant().value(), after, limit, receivedAmong);
    }

    /**
     * Stores objects received from a federation peer, each under its own label (already mapped to this
     * node's ids, owned by the original owner). No publish check: the owner released it at its node.
     * Versions already present keep their body; {@link #relabelReceived} brings their label up to date.
     */
    public ImportSummary receive(InputStream input, java.util.function.IntFunction<SharingLabel> labelOfIndex, Caller actor) {
        return store(input, (index, object) -> labelOfIndex.apply(index), actor, Progress.NONE);
    }

    /** Gives every version of a received object the label its owner now gives it (no-op when equal). */
    public void relabelReceived(StixId id, SharingLabel label, Caller actor) {
        relabelReceived(List.of(new Relabel(id, label)), actor);
    }

    /** A received label for one owner's versions of an object ({@link SharingLabel#owner()}). */
    public record Relabel(StixId id, SharingLabel label) {
    }

    /**
     * Brings the versions this node holds of received objects up to date with their owners' labels: for
     * each (id, owner), every version of that id owned by that owner takes the label, whichever owner
     * holds the latest version (versions of one id may belong to several owners, each relabelled on its
     * own, never another owner's). One query for the whole page finds the labels held; only what differs
     * is relabelled (and logged as a label change). Returns how many (id, owner) pairs were relabelled.
     */
    public int relabelReceived(List<Relabel> relabels, Caller actor) {
        if (relabels.isEmpty()) {
            return 0;
        }
        Map<String, Set<SharingLabel>> held = table.labelsByOwner(relabels.stream().map(r -> r.id().toString()).distinct()
                .toArray(String[]::new));
        int changed = 0;
        for (Relabel r : relabels) {
            Set<SharingLabel> current = held.get(StixObjectTable.ownerKey(r.id().toString(), r.label().owner().value()));
            if (current == null || current.equals(Set.of(r.label()))) {
                continue; // this owner holds no version of it here, or every version already has the label
            }
            List<StoredVersion> relabelled = table.relabel(r.id().toString(), r.label().owner().value(), r.label());
            if (!relabelled.isEmpty()) {
                changed++;
                announce(new IntelStored(actor, relabelled, true));
            }
        }
        return changed;
    }

    /**
     * Hides a received object whose owner revoked this node's access (a narrowed label or a delete):
     * every version owned by {@code owner} is deleted, and logged as a label change, so that the federation
     * feed revokes the versions this node had relayed to its own peers (see docs/FEDERATION.md). Returns
     * how many versions were.
     */
    public int hideReceived(StixId id, OrganisationId owner) {
        // Logged as a label change: this node cannot tell whether its own recipients may still see it, and a
        // peer that hears of the object only from this node would otherwise keep it forever. The feed revokes
        // only versions it had served to that peer, so no peer learns an id it did not receive.
        IntelDeleted deleted = table.delete(id.toString(), owner.value(), Set.of());
        if (!deleted.versions().isEmpty()) {
            announce(deleted);
        }
        return deleted.versions().size();
    }

    /**
     * Hides some versions of a received object (by version key) that {@code owner} owns, as
     * {@link #hideReceived(StixId, OrganisationId)} does for all of them: a revocation that names the
     * versions, because another owner's versions of the same id remain. Returns how many were hidden.
     */
    public int hideReceived(StixId id, OrganisationId owner, Set<String> versionKeys) {
        if (versionKeys.isEmpty()) {
            return 0;
        }
        IntelDeleted deleted = table.delete(id.toString(), owner.value(), versionKeys);
        if (!deleted.versions().isEmpty()) {
            announce(deleted);
        }
        return deleted.versions().size();
    }

    /** The owner organisation of each version held of an object, by version key (federation bookkeeping only). */
    public Map<String, OrganisationId> ownersByVersion(StixId id) {
        return table.ownersByVersion(id.toString());
    }

    /** The label of an object's latest version, unfiltered (for the federation's bookkeeping only). */
    public Optional<SharingLabel> labelOf(StixId id) {
        return table.label(id.toString());
    }

    // Every read below passes the caller's sharing-policy filter to SQL: what a caller may not see
    // does not exist for them, in results, counts, versions, edges and exports alike.

    /** The latest version the caller may see. */
    public Optional<StoredObject> latest(Caller caller, StixId id) {
        return table.latest(id.toString(), policy.filter(caller));
    }

    public Optional<StoredObject> version(Caller caller, StixId id, StixTimestamp version) {
        return table.version(id.toString(), version.versionKey(), policy.filter(caller));
    }

    /** The versions the caller may see, oldest first. */
    public List<StoredObject> versions(Caller caller, StixId id) {
        return table.versions(id.toString(), policy.filter(caller));
    }

    public List<StoredObject> search(Caller caller, List<String> types, String text, int limit, int offset) {
        return table.search(types, text, limit, offset, policy.filter(caller));
    }

    public long count(Caller caller, List<String> types, String text) {
        return table.count(types, text, policy.filter(caller));
    }

    /**
     * A search with every filter optional (the console's): type, text (name, description, or the exact
     * id), TLP of the label, the owner's participant, and when this node stored it ({@code [from, to)}).
     * Filters apply to the latest version the caller may see.
     */
    public record Query(List<String> types, String text, Set<Tlp> tlps, Long ownerParticipant, Instant addedFrom,
                        Instant addedTo, boolean newestFirst) {
        public Query {
            types = List.copyOf(types);
            tlps = Set.copyOf(tlps);
        }

        /** The newest objects the caller may see, of any type. */
        public static Query newest() {
            return new Query(List.of(), null, Set.of(), null, null, null, true);
        }
    }

    public List<StoredObject> find(Caller caller, Query query, int limit, int offset) {
        return table.find(query, limit, offset, policy.filter(caller));
    }

    /** How many objects {@link #find} would list in all; only ever counts what the caller may see. */
    public long count(Caller caller, Query query) {
        return table.countFound(query, policy.filter(caller));
    }

    /**
     * The label of a version the caller may see (its TLP, audience and owner are part of what they see);
     * empty when they may not see that version.
     */
    public Optional<SharingLabel> label(Caller caller, StoredObject visible) {
        return table.labelOfVersion(visible.id(), visible.version(), policy.filter(caller));
    }

    /** Relationships and sightings of a visible object whose other end is visible too. */
    public List<StoredObject> relationships(Caller caller, StixId id) {
        List<org.entente.sharing.SqlFilter> visible = policy.filters(caller, "r.", "o.");
        return table.relationships(id.toString(), visible.get(0), visible.get(1));
    }

    /**
     * One page of a TAXII collection for the caller, with each version's body ({@link TaxiiQuery.Item#json()});
     * spec_version and the stated version are left out (null).
     */
    public TaxiiQuery.Page taxiiPage(Caller caller, TaxiiQuery query) {
        List<org.entente.sharing.SqlFilter> visible = policy.filters(caller, "o.", "n.");
        return table.taxiiPage(query, visible.get(0), visible.get(1), true);
    }

    /**
     * {@link #taxiiPage} for a visibility class (every caller of it gets this very page), to be kept by a
     * cache stamped with {@link #generation()}. Read from the primary even when a read replica is
     * configured: the generation moves when the primary commits, and a page read from a replica that has
     * not replayed the change yet would be kept as current (a narrowing relabel would stay unseen until
     * the cache's backstop). Misses are rare, so the primary's share stays small.
     */
    public TaxiiQuery.Page taxiiPage(org.entente.sharing.Visibility visibility, TaxiiQuery query) {
        List<org.entente.sharing.SqlFilter> visible = policy.filters(visibility, "o.", "n.");
        return table.taxiiPage(query, visible.get(0), visible.get(1), true, true);
    }

    /** {@link #taxiiManifest} for a visibility class, from the primary (see {@link #taxiiPage(org.entente.sharing.Visibility, TaxiiQuery)}). */
    public TaxiiQuery.Page taxiiManifest(org.entente.sharing.Visibility visibility, TaxiiQuery query) {
        List<org.entente.sharing.SqlFilter> visible = policy.filters(visibility, "o.", "n.");
        return table.taxiiPage(query, visible.get(0), visible.get(1), false, true);
    }

    /** The same page as {@link #taxiiPage} as a manifest: spec_version and the stated version, no body (null). */
    public TaxiiQuery.Page taxiiManifest(Caller caller, TaxiiQuery query) {
        List<org.entente.sharing.SqlFilter> visible = policy.filters(caller, "o.", "n.");
        return table.taxiiPage(query, visible.get(0), visible.get(1), false);
    }

    /**
     * Deletes an object (or some of its versions) on behalf of its owner's organisation. Versions the
     * caller may not see, or that another organisation owns, are untouched; 0 means nothing was theirs.
     */
    public int delete(Caller caller, StixId id, Set<String> onlyVersionKeys) {
        if (!caller.has(Permission.INTEL_WRITE)) {
            throw new SharingRefused("deleting intelligence needs the permission intel.write");
        }
        IntelDeleted deleted = table.delete(id.toString(), caller.organisation().value(), onlyVersionKeys);
        if (!deleted.versions().isEmpty()) {
            announce(deleted);
        }
        return deleted.versions().size();
    }

    /**
     * The latest version of every indicator, streamed (one fetch of rows in memory at a time), for
     * the node's own indexes. Not filtered for a caller: whoever uses it must decide visibility per
     * reader with {@link SharingPolicy#decide} before disclosing anything of it.
     */
    public void latestIndicators(Consumer<StoredVersion> sink) {
        table.latestIndicators(null, sink);
    }

    /** The latest version of one indicator (e.g. after a newer one was deleted), not filtered for a caller. */
    public Optional<StoredVersion> latestIndicator(StixId id) {
        List<StoredVersion> out = new ArrayList<>(1);
        table.latestIndicators(new String[] {id.toString()}, out::add);
        return out.stream().findFirst();
    }

    /**
     * The latest version of each of these indicators that still has one (e.g. after another instance
     * stored, relabelled or deleted them), in one query; not filtered for a caller.
     */
    public void latestIndicators(java.util.Collection<String> ids, Consumer<StoredVersion> sink) {
        if (!ids.isEmpty()) {
            table.latestIndicators(ids.toArray(String[]::new), sink);
        }
    }

    /** An indicator version's texts, as {@link #indicatorTexts} reads them. */
    public record IndicatorText(String id, String version, Optional<String> name, Optional<String> pattern) {
    }

    /**
     * The {@code name} and {@code pattern} of exact indicator versions (id to version key), in one query;
     * versions no longer stored are absent. Not filtered for a caller: for the node's own correlation,
     * which decides visibility per reader with {@link SharingPolicy#decide} first.
     */
    public List<IndicatorText> indicatorTexts(Map<StixId, String> versions) {
        if (versions.isEmpty()) {
            return List.of();
        }
        String[] ids = new String[versions.size()];
        String[] keys = new String[versions.size()];
        int i = 0;
        for (var e : versions.entrySet()) {
            ids[i] = e.getKey().toString();
            keys[i++] = e.getValue();
        }
        List<IndicatorText> out = new ArrayList<>(ids.length);
        table.indicatorTexts(ids, keys, out::add);
        return out;
    }

    /**
     * One object's latest version, as {@link #addedBetween} reads it: not filtered for a caller.
     *
     * @param dateAdded when this version was stored
     * @param json      its body
     */
    public record Added(String id, String type, String version, boolean revoked, Instant dateAdded, String json,
                        SharingLabel label) {
    }

    /**
     * The store's clock: the date_added of the last version stored. Every version stored at or before
     * it is committed, and every later one gets a later date_added (writers take it in commit order),
     * so {@code (previous clock, this clock]} windows neither miss nor repeat a version.
     */
    public Instant clock() {
        return table.storeClock();
    }

    /**
     * For every object that received a version in {@code (after, upTo]}: its latest version stored up
     * to {@code upTo}, with its label. Not filtered for a caller: for briefings, which must decide
     * visibility with {@link SharingPolicy} for every recipient before disclosing anything of it.
     */
    public void addedBetween(Instant after, Instant upTo, Consumer<Added> sink) {
        table.addedBetween(after, upTo, sink);
    }

    /** How many indicator ids are stored, for the catalog's load progress (node-wide: never disclosed as such). */
    public long indicatorIds() {
        return table.indicatorIds();
    }

    /**
     * Tells listeners about committed changes. A listener's failure must not fail a write that is
     * already committed (the import summary would then lie), so it is logged instead.
     */
    private void announce(Object event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            log.error("a listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }

    /** Streams the stored versions the caller may see, in the order they were added, as JSON text. */
    public void export(Caller caller, List<String> types, Instant addedSince, Consumer<String> sink) {
        table.export(types, addedSince, policy.filter(caller), sink);
    }

    /** Every task force, participant and organisation an audience names must exist. */
    private void requireKnown(Audience audience) {
        switch (audience) {
            case Audience.TaskForce tf when community.taskForce(tf.taskForce()).isEmpty() ->
                    throw new UnknownRecipient("task_force", tf.taskForce().value());
            case Audience.Named named -> {
                var participants = community.participants().stream().map(p -> p.id()).collect(java.util.stream.Collectors.toSet());
                var organisations = community.organisations().stream().map(o -> o.id()).collect(java.util.stream.Collectors.toSet());
                named.participants().stream().filter(p -> !participants.contains(p)).findFirst()
                        .ifPresent(p -> { throw new UnknownRecipient("participants", p.value()); });
                named.organisations().stream().filter(o -> !organisations.contains(o)).findFirst()
                        .ifPresent(o -> { throw new UnknownRecipient("organisations", o.value()); });
            }
            default -> {
            }
        }
    }

    /** The outcome of changing who an object is shared with. */
    public sealed interface ShareOutcome {
        record Shared(Set<OrganisationId> recipients, boolean widened) implements ShareOutcome {
        }

        record NotFound() implements ShareOutcome {
        }
    }

    /**
     * Changes the label (TLP and audience) of every version of an object the caller's organisation
     * owns. Narrowing needs {@code intel.share}; reaching anyone new is a new release: it needs
     * {@code intel.publish} when it leaves the owner's organisation, and is announced.
     */
    @org.springframework.transaction.annotation.Transactional
    public ShareOutcome share(Caller caller, StixId id, Tlp tlp, Audience audience) {
        Optional<SharingLabel> current = table.label(id.toString());
        if (current.isEmpty() || !policy.decide(caller, current.get()).allowed()) {
            return new ShareOutcome.NotFound();
        }
        if (!current.get().owner().equals(caller.organisation())) {
            throw new SharingRefused("only the owner's organisation can change how an object is shared");
        }
        if (!caller.has(Permission.INTEL_SHARE)) {
            throw new SharingRefused("changing how an object is shared needs the permission intel.share");
        }
        requireKnown(audience);
        SharingLabel next = new SharingLabel(caller.organisation(), current.get().ownerParticipant(), tlp, audience);
        Set<OrganisationId> before = policy.recipients(current.get());
        Set<OrganisationId> after = policy.recipients(next);
        boolean widened = !before.containsAll(after);
        boolean leavesOrganisation = after.stream().anyMatch(o -> !o.equals(caller.organisation()));
        if (widened && leavesOrganisation && !caller.has(Permission.INTEL_PUBLISH)) {
            throw new SharingRefused("reaching organisations beyond your own needs the permission intel.publish");
        }
        List<StoredVersion> relabelled = table.relabel(id.toString(), caller.organisation().value(), next);
        // Listeners that must only see committed state use @TransactionalEventListener (after commit).
        events.publishEvent(new IntelStored(caller, relabelled, true));
        if (widened) {
            events.publishEvent(new IntelReleased(caller.username(), id.toString(), next, after));
        }
        return new ShareOutcome.Shared(after, widened);
    }

    /** State of one import: counts, and the batches handed to the writer thread. */
    private final class ImportRun {
        private final Progress progress;
        private final Caller actor;
        private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("import-writer").factory());
        private final Semaphore inFlight = new Semaphore(BATCHES_IN_FLIGHT);
        private final List<Future<StixObjectTable.BatchResult>> pending = new ArrayList<>();
        private final List<Rejection> rejected = new ArrayList<>();
        private long received;
        private long stored;
        private long alreadyPresent;
        private Optional<ImportSummary.InputFailure> failure = Optional.empty();
        private volatile long acknowledged;

        ImportRun(Progress progress, Caller actor) {
            this.progress = progress;
            this.actor = actor;
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
                    announce(new IntelStored(actor, result.stored(), false));
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
