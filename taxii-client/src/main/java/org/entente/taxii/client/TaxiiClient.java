package org.entente.taxii.client;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.entente.stix.BundleReader;
import org.entente.stix.StixJson;
import org.entente.stix.StixParseException;

import tools.jackson.databind.JsonNode;

/**
 * A client of one TAXII 2.1 server, built from a discovery URL ({@code https://host/taxii2/}), an API root
 * URL, or a bare server URL (then {@code /taxii2/} is tried first). Which it is gets decided on first use: an
 * API root answers with {@code versions}/{@code max_content_length}, a discovery resource names its
 * {@code default} or API roots (one root is picked: the default, else the only one).
 *
 * <p>Every request carries {@code Accept: application/taxii+json;version=2.1} and the credentials; every
 * failure is a {@link TaxiiException}. Safe for use by several threads, except that a {@link Cursor} is
 * not.
 */
public final class TaxiiClient implements AutoCloseable {

    /** The TAXII 2.1 media type, sent as {@code Accept} and as the {@code Content-Type} of added objects. */
    public static final String MEDIA_TYPE = "application/taxii+json;version=2.1";

    /** How many failure or pending details a {@link PushResult} keeps (the counts are always complete). */
    public static final int MAX_DETAILS = 10_000;

    /** Which collections may be chosen: readable ones (to pull) or writable ones (to push). */
    public enum Access {
        READ, WRITE
    }

    private final URI url;
    private final Transport transport;
    private final HttpClient ownedHttp;
    private final int pageSize;
    private final Duration statusPollInterval;
    private final Duration statusTimeout;
    private final int pushWindow;

    private URI apiRootUrl;
    private ApiRoot apiRoot;
    private Discovery discovery;

    private TaxiiClient(Builder b) {
        this.url = b.url;
        HttpClient http = b.http;
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(b.connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
            this.ownedHttp = http;
        } else {
            this.ownedHttp = null;
        }
        this.transport = new Transport(http, b.credentials, b.requestTimeout, b.retry, b.onRetry);
        this.pageSize = b.pageSize;
        this.statusPollInterval = b.statusPollInterval;
        this.statusTimeout = b.statusTimeout;
        this.pushWindow = b.pushWindow;
        this.apiRootUrl = b.apiRoot ? directory(b.url) : null;
    }

    public static Builder builder(String url) {
        try {
            return builder(URI.create(url.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
    }

    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** The URL the client was built with. */
    public URI url() {
        return url;
    }

    // ------------------------------------------------------------------ discovery and API root

    /** The discovery resource, when the client was given a discovery URL (or found one at {@code /taxii2/}). */
    public synchronized Optional<Discovery> discovery() {
        resolve();
        return Optional.ofNullable(discovery);
    }

    /** The API root this client works with, ending in {@code /}. */
    public synchronized URI apiRootUrl() {
        resolve();
        return apiRootUrl;
    }

    /** The API root resource (title, versions, {@code max_content_length}). */
    public synchronized ApiRoot apiRoot() {
        resolve();
        if (apiRoot == null) {
            apiRoot = ApiRoot.from(apiRootUrl, transport.get(apiRootUrl).body());
        }
        return apiRoot;
    }

    private void resolve() {
        if (apiRootUrl != null) {
            return;
        }
        URI given = directory(url);
        // A bare server URL: discovery lives at /taxii2/ (section 4.1); the root itself is the fallback.
        List<URI> candidates = given.getPath().equals("/") ? List.of(given.resolve("/taxii2/"), given) : List.of(given);
        TaxiiException firstFailure = null;
        for (URI candidate : candidates) {
            Transport.Response r;
            try {
                r = transport.get(candidate);
            } catch (Transport.NotTaxiiException e) {
                firstFailure = firstFailure == null ? e : firstFailure;
                continue;
            } catch (TaxiiException e) {
                if (e.status() == 404 || e.status() == 406) {
                    firstFailure = firstFailure == null ? e : firstFailure;
                    continue;
                }
                throw e;
            }
            JsonNode body = r.body();
            if (ApiRoot.looksLikeApiRoot(body)) {
                apiRootUrl = candidate;
                apiRoot = ApiRoot.from(candidate, body);
                return;
            }
            if (Discovery.looksLikeDiscovery(body) || body.path("title").isString()) {
                discovery = Discovery.from(candidate, body);
                apiRootUrl = pick(discovery);
                return;
            }
            firstFailure = firstFailure == null ? new Transport.NotTaxiiException("GET " + candidate
                    + ": neither a TAXII discovery resource nor an API root", r.status(), candidate) : firstFailure;
        }
        throw new TaxiiException("no TAXII 2.1 discovery resource or API root at " + url + ": "
                + firstFailure.getMessage(), firstFailure);
    }

    private static URI pick(Discovery d) {
        if (d.defaultApiRoot() != null) {
            return d.defaultApiRoot();
        }
        if (d.apiRoots().size() == 1) {
            return d.apiRoots().getFirst();
        }
        if (d.apiRoots().isEmpty()) {
            throw new TaxiiException("the TAXII server at " + d.url() + " lists no API roots");
        }
        throw new TaxiiException("the TAXII server at " + d.url() + " has several API roots and no default;"
                + " use one of them as the URL: " + d.apiRoots().stream().map(URI::toString)
                .collect(Collectors.joining(", ")));
    }

    // ------------------------------------------------------------------ collections

    /** {@code GET {api-root}/collections/}: every collection these credentials may see. */
    public List<TaxiiCollection> collections() {
        return TaxiiCollection.listFrom(transport.get(apiRootUrl().resolve("collections/")).body());
    }

    /** {@code GET {api-root}/collections/{id}/}. */
    public TaxiiCollection collection(String id) {
        return TaxiiCollection.from(transport.get(collectionUrl(id)).body());
    }

    /**
     * Chooses a collection: by id, else by title or alias (case-insensitive) when {@code idOrTitle} is
     * given; otherwise the only collection with the access needed.
     *
     * @throws CollectionChoiceException when none or several fit, or the one named lacks the access
     */
    public TaxiiCollection selectCollection(String idOrTitle, Access access) {
        List<TaxiiCollection> all = collections();
        String verb = access == Access.READ ? "readable" : "writable";
        if (idOrTitle != null) {
            List<TaxiiCollection> named = all.stream().filter(c -> idOrTitle.equals(c.id())).toList();
            if (named.isEmpty()) {
                named = all.stream().filter(c -> idOrTitle.equalsIgnoreCase(c.title())
                        || idOrTitle.equalsIgnoreCase(c.alias())).toList();
            }
            if (named.isEmpty()) {
                throw new CollectionChoiceException("no collection '" + idOrTitle + "' at " + apiRootUrl(), all);
            }
            if (named.size() > 1) {
                throw new CollectionChoiceException("several collections are titled '" + idOrTitle
                        + "'; name one by its id", named);
            }
            TaxiiCollection c = named.getFirst();
            if (!allows(c, access)) {
                throw new CollectionChoiceException("collection '" + idOrTitle + "' is not " + verb
                        + " with these credentials", all.stream().filter(x -> allows(x, access)).toList());
            }
            return c;
        }
        List<TaxiiCollection> usable = all.stream().filter(c -> allows(c, access)).toList();
        if (usable.size() == 1) {
            return usable.getFirst();
        }
        throw new CollectionChoiceException(usable.isEmpty()
                ? "no collection at " + apiRootUrl() + " is " + verb + " with these credentials"
                : usable.size() + " collections at " + apiRootUrl() + " are " + verb + "; choose one", usable);
    }

    private static boolean allows(TaxiiCollection c, Access access) {
        return access == Access.READ ? c.canRead() : c.canWrite();
    }

    // ------------------------------------------------------------------ objects, manifest, versions

    /** {@code GET {api-root}/collections/{id}/objects/}: one page. */
    public Envelope getObjects(String collectionId, Query query) {
        Transport.Response r = transport.get(withQuery(collectionUrl(collectionId).resolve("objects/"), query));
        return Envelope.from(r.body(), r.header("X-TAXII-Date-Added-First"), r.header("X-TAXII-Date-Added-Last"));
    }

    /** {@code GET {api-root}/collections/{id}/objects/{object-id}/}: one page of that object's versions. */
    public Envelope getObject(String collectionId, String objectId, Query query) {
        Transport.Response r = transport.get(withQuery(objectUrl(collectionId, objectId), query));
        return Envelope.from(r.body(), r.header("X-TAXII-Date-Added-First"), r.header("X-TAXII-Date-Added-Last"));
    }

    /** {@code GET {api-root}/collections/{id}/manifest/}: one page. */
    public Manifest getManifest(String collectionId, Query query) {
        Transport.Response r = transport.get(withQuery(collectionUrl(collectionId).resolve("manifest/"), query));
        return Manifest.from(r.body(), r.header("X-TAXII-Date-Added-First"), r.header("X-TAXII-Date-Added-Last"));
    }

    /** {@code GET {api-root}/collections/{id}/objects/{object-id}/versions/}: one page. */
    public Versions getVersions(String collectionId, String objectId, Query query) {
        Transport.Response r = transport.get(withQuery(objectUrl(collectionId, objectId).resolve("versions/"), query));
        return Versions.from(r.body(), r.header("X-TAXII-Date-Added-First"), r.header("X-TAXII-Date-Added-Last"));
    }

    /** {@code DELETE {api-root}/collections/{id}/objects/{object-id}/} (filtered by {@code match[version]}...). */
    public void deleteObject(String collectionId, String objectId, Query query) {
        transport.delete(withQuery(objectUrl(collectionId, objectId), query));
    }

    // ------------------------------------------------------------------ adding objects, status

    /** {@code POST {api-root}/collections/{id}/objects/} with one envelope; the server's first status. */
    public Status addObjects(String collectionId, Collection<JsonNode> objects) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"objects\":[".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (JsonNode o : objects) {
            if (!first) {
                body.write(',');
            }
            body.writeBytes(StixJson.MAPPER.writeValueAsBytes(o));
            first = false;
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return addEnvelope(collectionId, body.toByteArray());
    }

    private Status addEnvelope(String collectionId, byte[] envelope) {
        return Status.from(transport.post(collectionUrl(collectionId).resolve("objects/"), envelope).body());
    }

    /** {@code GET {api-root}/status/{status-id}/}. */
    public Status getStatus(String statusId) {
        return Status.from(transport.get(apiRootUrl().resolve("status/" + segment(statusId) + "/")).body());
    }

    /**
     * Polls a status until it is complete (intervals growing from the configured poll interval to 5 s), or
     * until the status timeout: then the last status, still pending, is returned.
     */
    public Status awaitStatus(Status status) {
        if (status.isComplete() || status.id() == null) {
            return status;
        }
        long deadline = System.nanoTime() + statusTimeout.toNanos();
        Duration wait = statusPollInterval;
        Status s = status;
        while (!s.isComplete()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return s;
            }
            Transport.sleep(Duration.ofNanos(Math.min(wait.toNanos(), left)), "waiting for status " + s.id());
            s = getStatus(s.id());
            wait = Duration.ofMillis(Math.min(5_000, (long) (wait.toMillis() * 1.5) + 1));
        }
        return s;
    }

    // ------------------------------------------------------------------ pull

    /** {@link #pull(String, Query, Cursor, Consumer, PullListener)} with the server's default filters. */
    public PullResult pull(String collectionId, Cursor cursor, Consumer<JsonNode> sink) {
        return pull(collectionId, Query.ALL, cursor, sink, PullListener.NONE);
    }

    /**
     * Fetches every object of the collection added after the cursor, page by page ({@code limit} = the page
     * size), handing each to {@code sink} in the server's order. Pages follow {@code next} while the server
     * gives one (with the same filters); when it says {@code more} without {@code next}, the next page is
     * asked for by {@code added_after} = the page's {@code X-TAXII-Date-Added-Last}.
     *
     * <p>The cursor advances after each page the sink accepted entirely (see {@link Cursor} for why that
     * gives exactly-once delivery across interruptions). If this method throws, the cursor is the point
     * to resume from; so is it when it returns, for the next incremental pull.
     *
     * @param filter the {@code match[...]} filters (its {@code added_after}, {@code limit} and {@code next} are
     *               ignored: the cursor and the page size decide those)
     */
    public PullResult pull(String collectionId, Query filter, Cursor cursor, Consumer<JsonNode> sink,
                           PullListener listener) {
        Objects.requireNonNull(cursor, "cursor");
        cursor.bind(apiRootUrl().toString(), collectionId);
        List<String> warnings = new ArrayList<>();
        long pages = 0;
        long delivered = 0;
        long skipped = 0;
        String chainAddedAfter = cursor.requestAddedAfter();
        String next = null;
        int limit = pageSize;
        while (true) {
            Envelope page = getObjects(collectionId, filter.addedAfter(chainAddedAfter).limit(limit).next(next));
            pages++;
            int fresh = 0;
            for (JsonNode o : page.objects()) {
                if (cursor.delivered(o)) {
                    skipped++;
                } else {
                    sink.accept(o);
                    fresh++;
                }
            }
            delivered += fresh;
            cursor.advance(page.dateAddedLast(), page.objects());
            listener.page(new PullProgress(pages, delivered, skipped, page.objects().size(), page.more(), cursor));
            if (!page.more()) {
                return new PullResult(pages, delivered, skipped, cursor, List.copyOf(warnings));
            }
            if (page.next() != null) {
                if (page.objects().isEmpty() && page.next().equals(next)) {
                    throw new TaxiiException("the server keeps answering 'more' with no objects and the same next"
                            + " (" + next + ")");
                }
                next = page.next();
                continue;
            }
            // No next: page by added_after. Objects sharing the last date added may continue on the next
            // page, so ask from just before it and drop what was delivered (Cursor.requestAddedAfter).
            next = null;
            if (page.objects().isEmpty() || !cursor.isAt(page.dateAddedLast())) {
                throw new TaxiiException("the server says there are more objects but gives neither next nor a"
                        + " usable X-TAXII-Date-Added-Last to page with (" + page.dateAddedLast() + ")");
            }
            if (fresh == 0) {
                // The whole page lay at the boundary instant: more objects share one date added than fit a page.
                if (page.objects().size() >= limit && limit < pageSize * 16) {
                    limit *= 2;
                    continue;
                }
                String w = "more objects share the date added " + page.dateAddedLast() + " than the server returns in"
                        + " one page (" + page.objects().size() + ") and it offers no next: some of them may be missed";
                warnings.add(w);
                listener.warning(w);
                chainAddedAfter = page.dateAddedLast();
            } else {
                chainAddedAfter = cursor.requestAddedAfter();
            }
            limit = pageSize;
        }
    }

    // ------------------------------------------------------------------ push

    /**
     * Pushes the objects of a STIX bundle (or a JSON array of objects, or one object) read from
     * {@code bundle} one at a time: never more than a batch in memory. The stream is closed at the end.
     * A malformed input stops reading: the objects before the error are still pushed, and
     * {@link PushResult#inputError()} says where it went wrong.
     */
    public PushResult push(String collectionId, InputStream bundle, int batchSize, PushListener listener) {
        try (BundleReader reader = new BundleReader(bundle)) {
            ReaderIterator objects = new ReaderIterator(reader);
            return push(collectionId, objects, batchSize, listener, objects);
        } catch (StixParseException e) {
            // The very start of the input was unreadable.
            return new PushResult(0, 0, 0, 0, 0, List.of(), List.of(), List.of(), e.getMessage());
        }
    }

    /**
     * Sends the objects in envelopes of at most {@code batchSize} objects (fewer when the API root's
     * {@code max_content_length} demands), keeping up to the push window's statuses pending at once and
     * polling each until it is complete. A batch refused as a whole (400, 413, 422) counts its objects as
     * failed and the push goes on; an object larger than {@code max_content_length} fails without being sent.
     *
     * @throws TaxiiPushException when the push cannot go on (credentials refused, collection gone, server
     *                            unreachable after retries), with what was done before
     */
    public PushResult push(String collectionId, Iterator<JsonNode> objects, int batchSize, PushListener listener) {
        return push(collectionId, objects, batchSize, listener, null);
    }

    private PushResult push(String collectionId, Iterator<JsonNode> objects, int batchSize, PushListener listener,
                            ReaderIterator input) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        PushTally tally = new PushTally();
        Deque<Status> inFlight = new ArrayDeque<>();
        Batch batch = new Batch();
        try {
            long maxContent = apiRoot().maxContentLength();
            while (objects.hasNext()) {
                JsonNode o = objects.next();
                tally.read++;
                byte[] json = StixJson.MAPPER.writeValueAsBytes(o);
                if (maxContent > 0 && json.length + Batch.OVERHEAD > maxContent) {
                    tally.fail(detail(o, "object is " + json.length + " bytes, more than the API root's"
                            + " max_content_length (" + maxContent + ")"));
                    continue;
                }
                if (batch.size() == batchSize || maxContent > 0 && batch.bytesWith(json) > maxContent) {
                    send(collectionId, batch, tally, inFlight, listener);
                    batch = new Batch();
                }
                batch.add(o, json);
            }
            if (batch.size() > 0) {
                send(collectionId, batch, tally, inFlight, listener);
            }
            while (!inFlight.isEmpty()) {
                tally.complete(awaitStatus(inFlight.removeFirst()), listener);
            }
        } catch (TaxiiException e) {
            throw new TaxiiPushException(e, tally.result(input == null ? null : input.error));
        }
        return tally.result(input == null ? null : input.error);
    }

    private void send(String collectionId, Batch batch, PushTally tally, Deque<Status> inFlight,
                      PushListener listener) {
        while (inFlight.size() >= pushWindow) {
            tally.complete(awaitStatus(inFlight.removeFirst()), listener);
        }
        Status status;
        try {
            status = addEnvelope(collectionId, batch.envelope());
        } catch (TaxiiException e) {
            if (e.status() == 400 || e.status() == 413 || e.status() == 422) {
                tally.sent += batch.size();
                String why = "batch refused: " + e.getMessage();
                batch.details.forEach(d -> tally.fail(new StatusDetail(d.id(), d.version(), why)));
                listener.batchRejected(batch.size(), e);
                return;
            }
            throw e;
        }
        tally.sent += batch.size();
        tally.statusIds.add(status.id());
        listener.batchSent(batch.size(), status);
        if (status.isComplete()) {
            tally.complete(status, listener);
        } else if (status.id() == null) {
            // Nothing to poll: the objects' fate is unknown.
            batch.details.forEach(d -> tally.pend(new StatusDetail(d.id(), d.version(), "the server returned no status")));
        } else {
            inFlight.addLast(status);
        }
    }

    private static StatusDetail detail(JsonNode o, String message) {
        String version = Json.text(o, "modified");
        return new StatusDetail(Json.text(o, "id"), version == null ? Json.text(o, "created") : version, message);
    }

    /** Objects waiting to be sent, already serialised. */
    private static final class Batch {
        static final int OVERHEAD = "{\"objects\":[]}".length() + 1;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<StatusDetail> details = new ArrayList<>();

        void add(JsonNode o, byte[] json) {
            if (!details.isEmpty()) {
                body.write(',');
            }
            body.writeBytes(json);
            details.add(detail(o, null));
        }

        int size() {
            return details.size();
        }

        long bytesWith(byte[] json) {
            return OVERHEAD + body.size() + 1L + json.length;
        }

        byte[] envelope() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + OVERHEAD);
            out.writeBytes("{\"objects\":[".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(body.toByteArray());
            out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    /** The running counts of a push. */
    private static final class PushTally {
        long read;
        long sent;
        long succeeded;
        long failed;
        long pending;
        final List<StatusDetail> failures = new ArrayList<>();
        final List<StatusDetail> pendings = new ArrayList<>();
        final List<String> statusIds = new ArrayList<>();

        void fail(StatusDetail d) {
            failed++;
            if (failures.size() < MAX_DETAILS) {
                failures.add(d);
            }
        }

        void pend(StatusDetail d) {
            pending++;
            if (pendings.size() < MAX_DETAILS) {
                pendings.add(d);
            }
        }

        void complete(Status s, PushListener listener) {
            succeeded += s.successCount();
            failed += s.failureCount();
            pending += s.pendingCount();
            for (StatusDetail d : s.failures()) {
                if (failures.size() < MAX_DETAILS) {
                    failures.add(d);
                }
            }
            for (StatusDetail d : s.pendings()) {
                if (pendings.size() < MAX_DETAILS) {
                    pendings.add(d);
                }
            }
            listener.batchDone(s);
        }

        PushResult result(String inputError) {
            return new PushResult(read, sent, succeeded, failed, pending, List.copyOf(failures), List.copyOf(pendings),
                    statusIds.stream().filter(Objects::nonNull).toList(), inputError);
        }
    }

    /** A bundle's objects as an iterator that ends, remembering why, at malformed input. */
    private static final class ReaderIterator implements Iterator<JsonNode> {
        private final BundleReader reader;
        private BundleReader.Entry pending;
        private boolean ended;
        String error;

        ReaderIterator(BundleReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            if (pending == null && !ended) {
                try {
                    pending = reader.next();
                } catch (StixParseException e) {
                    error = e.getMessage();
                }
                ended = pending == null;
            }
            return pending != null;
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode o = pending.json();
            pending = null;
            return o;
        }
    }

    // ------------------------------------------------------------------ URLs

    private URI collectionUrl(String collectionId) {
        return apiRootUrl().resolve("collections/" + segment(collectionId) + "/");
    }

    private URI objectUrl(String collectionId, String objectId) {
        return collectionUrl(collectionId).resolve("objects/" + segment(objectId) + "/");
    }

    private static URI withQuery(URI base, Query query) {
        String q = query == null ? "" : query.toQueryString();
        return q.isEmpty() ? base : URI.create(base + "?" + q);
    }

    /** One path segment, percent-encoded. */
    static String segment(String s) {
        Objects.requireNonNull(s, "identifier");
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL as a directory: ending in {@code /}, without query or fragment. */
    static URI directory(URI u) {
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        String s = u.getScheme() + "://" + u.getRawAuthority() + path;
        return URI.create(s);
    }

    @Override
    public void close() {
        if (ownedHttp != null) {
            ownedHttp.close();
        }
    }

    @Override
    public String toString() {
        return "TaxiiClient[" + url + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Options of a {@link TaxiiClient}; all have defaults but the URL. */
    public static final class Builder {
        private final URI url;
        private boolean apiRoot;
        private Credentials credentials = Credentials.none();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(120);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private RetryListener onRetry = RetryListener.NONE;
        private int pageSize = 500;
        private Duration statusPollInterval = Duration.ofMillis(250);
        private Duration statusTimeout = Duration.ofMinutes(10);
        private int pushWindow = 4;
        private HttpClient http;

        private Builder(URI url) {
            Objects.requireNonNull(url, "url");
            if (url.getScheme() == null || !List.of("http", "https").contains(url.getScheme().toLowerCase())
                    || url.getHost() == null) {
                throw new IllegalArgumentException("a TAXII URL must be http(s)://host/...: " + url);
            }
            this.url = url;
        }

        /** The URL is an API root: skip discovery. */
        public Builder apiRoot() {
            this.apiRoot = true;
            return this;
        }

        public Builder credentials(Credentials c) {
            this.credentials = Objects.requireNonNull(c);
            return this;
        }

        public Builder bearerToken(String token) {
            return credentials(Credentials.bearer(token));
        }

        public Builder basicAuth(String user, String password) {
            return credentials(Credentials.basic(user, password));
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How long one request may take, answer included (default 2 minutes). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder retryPolicy(RetryPolicy p) {
            this.retry = Objects.requireNonNull(p);
            return this;
        }

        public Builder onRetry(RetryListener l) {
            this.onRetry = Objects.requireNonNull(l);
            return this;
        }

        /** The {@code limit} asked for per page of a pull (default 500; servers may return fewer). */
        public Builder pageSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("page size must be at least 1");
            }
            this.pageSize = n;
            return this;
        }

        /** The first wait between status polls (default 250 ms; it grows to 5 s). */
        public Builder statusPollInterval(Duration d) {
            this.statusPollInterval = Objects.requireNonNull(d);
            return this;
        }

        /** How long to wait for one status to complete before reporting its objects as pending (10 min). */
        public Builder statusTimeout(Duration d) {
            this.statusTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How many batches of a push may await their status at once (default 4). */
        public Builder pushWindow(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("push window must be at least 1");
            }
            this.pushWindow = n;
            return this;
        }

        /** Uses this HTTP client (not closed with the TAXII client); its timeouts and proxies apply. */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client);
            return this;
        }

        public TaxiiClient build() {
            return new TaxiiClient(this);
        }
    }
}
