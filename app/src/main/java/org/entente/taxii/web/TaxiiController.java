package org.entente.taxii.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.entente.community.AuthenticatedEndpoint;
import org.entente.community.Caller;
import org.entente.community.RequiresPermission;
import org.entente.intel.StixStore;
import org.entente.sharing.SharingPolicy;
import org.entente.sharing.Visibility;
import org.entente.stix.StixJson;
import org.entente.intel.TaxiiQuery;
import org.entente.stix.StixId;
import org.entente.stix.StixTimestamp;
import org.entente.taxii.TaxiiAdds;
import org.entente.taxii.TaxiiCollection;
import org.entente.taxii.TaxiiCollections;
import org.entente.taxii.TaxiiPageCache;
import org.entente.taxii.TaxiiStatus;
import org.entente.taxii.TaxiiStatuses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

/**
 * TAXII 2.1 (OASIS Standard, 10 June 2021) over the store. Section numbers in comments refer to it.
 * One API root, {@code /taxii2/api/}.
 */
@RestController
@RequestMapping("/taxii2")
class TaxiiController {

    static final String TAXII_TYPE = "application/taxii+json;version=2.1";
    static final MediaType TAXII = MediaType.parseMediaType(TAXII_TYPE);
    static final String STIX_TYPE = "application/stix+json;version=2.1";
    static final int MAX_PAGE = 10_000;
    static final int DEFAULT_PAGE = 1_000;
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final TaxiiCollections collections;
    private final TaxiiStatuses statuses;
    private final TaxiiAdds adds;
    private final StixStore store;
    private final SharingPolicy policy;
    private final TaxiiPageCache cache;

    TaxiiController(TaxiiCollections collections, TaxiiStatuses statuses, TaxiiAdds adds, StixStore store,
                    SharingPolicy policy, TaxiiPageCache cache) {
        this.collections = collections;
        this.statuses = statuses;
        this.adds = adds;
        this.store = store;
        this.policy = policy;
        this.cache = cache;
    }

    /** 4.1 Server discovery. */
    @AuthenticatedEndpoint(because = "discovery lists API roots only, no intelligence")
    @GetMapping("/")
    ResponseEntity<Map<String, Object>> discovery(@RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        String root = ServletUriComponentsBuilder.fromCurrentContextPath().path("/taxii2/api/").toUriString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Entente");
        body.put("description", "Entente node: STIX 2.1 intelligence under the community's sharing policy.");
        body.put("default", root);
        body.put("api_roots", List.of(root));
        return ok(body);
    }

    /** 4.2 API root information. */
    @AuthenticatedEndpoint(because = "API root information holds no intelligence")
    @GetMapping("/api/")
    ResponseEntity<Map<String, Object>> apiRoot(@RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Entente");
        body.put("description", "The intelligence this node may disclose to you.");
        body.put("versions", List.of(TAXII_TYPE));
        body.put("max_content_length", TaxiiAdds.MAX_CONTENT_LENGTH);
        return ok(body);
    }

    /** 4.3 Status: only the caller's own adds exist for them. */
    @AuthenticatedEndpoint(because = "a status belongs to the caller who posted; others' statuses answer 404")
    @GetMapping("/api/status/{statusId}/")
    ResponseEntity<TaxiiStatusBody> status(@PathVariable String statusId, Caller caller,
                                           @RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        return ok(TaxiiStatusBody.of(statuses.find(caller, statusId)
                .orElseThrow(() -> TaxiiException.notFound("no status " + statusId))));
    }

    /** 5.1 Collections. */
    @RequiresPermission("intel.read")
    @GetMapping("/api/collections/")
    ResponseEntity<Map<String, Object>> collections(Caller caller, @RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        return ok(Map.of("collections", collections.forCaller(caller).stream().map(TaxiiController::describe).toList()));
    }

    /** 5.2 Collection. */
    @RequiresPermission("intel.read")
    @GetMapping("/api/collections/{collectionId}/")
    ResponseEntity<Map<String, Object>> collection(@PathVariable String collectionId, Caller caller,
                                                   @RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        return ok(describe(collection(caller, collectionId)));
    }

    /** 5.3 Manifest. */
    @RequiresPermission("intel.read")
    @GetMapping("/api/collections/{collectionId}/manifest/")
    void manifest(@PathVariable String collectionId, @RequestParam Map<String, String> params, Caller caller,
                  @RequestHeader(value = "Accept", required = false) String accept,
                  @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch,
                  @RequestHeader(value = "Cache-Control", required = false) String cacheControl,
                  HttpServletResponse response) throws IOException {
        negotiate(accept);
        TaxiiCollection c = readable(caller, collectionId);
        TaxiiQuery query = query(c, params, List.of());
        long stamp = cache.stamp(); // before loading anything (see TaxiiPageCache.stamp)
        Visibility visibility = policy.visibility(caller);
        TaxiiPageCache.Key key = new TaxiiPageCache.Key(true, query, visibility);
        TaxiiPageCache.Page cached = noCache(cacheControl) ? null : cache.get(key, stamp);
        if (cached == null) {
            TaxiiQuery.Page page = store.taxiiManifest(visibility, query);
            cached = page(key, stamp, StixJson.MAPPER.writeValueAsBytes(manifestBody(page)), page);
        }
        write(cached, ifNoneMatch, response);
    }

    private static Map<String, Object> manifestBody(TaxiiQuery.Page page) {
        List<Map<String, Object>> entries = page.items().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i.id());
            m.put("date_added", MICROS.format(i.dateAdded()));
            m.put("version", version(i));
            m.put("media_type", STIX_TYPE);
            return m;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("more", page.more());
        if (page.more()) {
            body.put("next", next(page));
        }
        body.put("objects", entries);
        return body;
    }

    /** 5.4 Get objects. */
    @RequiresPermission("intel.read")
    @GetMapping("/api/collections/{collectionId}/objects/")
    void objects(@PathVariable String collectionId, @RequestParam Map<String, String> params, Caller caller,
                 @RequestHeader(value = "Accept", required = false) String accept,
                 @RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch,
                 @RequestHeader(value = "Cache-Control", required = false) String cacheControl,
                 HttpServletResponse response) throws IOException {
        negotiate(accept);
        TaxiiCollection c = readable(caller, collectionId);
        TaxiiQuery query = query(c, params, List.of());
        long stamp = cache.stamp(); // before loading anything (see TaxiiPageCache.stamp)
        Visibility visibility = policy.visibility(caller);
        TaxiiPageCache.Key key = new TaxiiPageCache.Key(false, query, visibility);
        TaxiiPageCache.Page cached = noCache(cacheControl) ? null : cache.get(key, stamp);
        if (cached != null) {
            write(cached, ifNoneMatch, response);
            return;
        }
        TaxiiQuery.Page page = store.taxiiPage(visibility, query);
        Envelope envelope = new Envelope(page);
        if (cache.keeps(envelope.length)) {
            write(page(key, stamp, envelope.bytes(), page), ifNoneMatch, response);
            return;
        }
        // Too large to keep (limit in the thousands): streamed from the rows, never held as one array;
        // its tag is the digest of the same bytes, taken over the pieces.
        String etag = etag(visibility, envelope);
        if (!notModified(ifNoneMatch, etag, response)) {
            response.setHeader(HttpHeaders.ETAG, etag);
            writeEnvelope(envelope, response);
        }
    }

    /** 5.5 Add objects: asynchronous, answered 202 with a status resource. */
    @RequiresPermission("intel.write")
    @PostMapping("/api/collections/{collectionId}/objects/")
    ResponseEntity<TaxiiStatusBody> add(@PathVariable String collectionId, Caller caller, InputStream body,
                                        @RequestHeader(value = "Content-Type", required = false) String contentType,
                                        @RequestHeader(value = "Content-Length", required = false) Long contentLength,
                                        @RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        if (contentType == null || !isTaxii(parseOrNull(contentType))) {
            throw new TaxiiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "objects must be sent as " + TAXII_TYPE);
        }
        TaxiiCollection c = collection(caller, collectionId);
        if (!c.canWrite()) {
            throw new TaxiiException(HttpStatus.FORBIDDEN, "Forbidden", "you may not add objects to this collection");
        }
        if (contentLength != null && contentLength > TaxiiAdds.MAX_CONTENT_LENGTH) {
            throw new TaxiiAdds.TooLarge(); // announced too large: refused before reading it
        }
        TaxiiStatus status = adds.add(caller, c, body);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(TAXII).body(TaxiiStatusBody.of(status));
    }

    /** 5.6 Get an object. */
    @RequiresPermission("intel.read")
    @GetMapping("/api/collections/{collectionId}/objects/{objectId}/")
    void object(@PathVariable String collectionId, @PathVariable String objectId,
                @RequestParam Map<String, String> params, Caller caller,
                @RequestHeader(value = "Accept", required = false) String accept, HttpServletResponse response)
            throws IOException {
        negotiate(accept);
        TaxiiCollection c = readable(caller, collectionId);
        TaxiiQuery.Page page = store.taxiiPage(caller, query(c, params, List.of(objectId)));
        if (page.items().isEmpty() && !params.containsKey("next")) {
            throw TaxiiException.notFound("no object " + objectId + " in this collection");
        }
        writeEnvelope(page, response);
    }

    /** 5.7 Delete an object: only versions the caller's organisation owns, through a writable collection. */
    @RequiresPermission("intel.write")
    @DeleteMapping("/api/collections/{collectionId}/objects/{objectId}/")
    ResponseEntity<Void> delete(@PathVariable String collectionId, @PathVariable String objectId,
                                @RequestParam Map<String, String> params, Caller caller,
                                @RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        TaxiiCollection c = collection(caller, collectionId);
        if (!c.canWrite()) {
            throw new TaxiiException(HttpStatus.FORBIDDEN, "Forbidden", "you may not delete from this collection");
        }
        StixId id = StixId.tryParse(objectId).orElseThrow(() -> TaxiiException.notFound("no object " + objectId));
        TaxiiQuery.Page visible = store.taxiiManifest(caller, query(c, params, List.of(objectId)));
        if (visible.items().isEmpty()) {
            throw TaxiiException.notFound("no object " + objectId + " in this collection");
        }
        Set<String> versions = params.containsKey("match[version]")
                ? visible.items().stream().map(TaxiiQuery.Item::versionKey).collect(Collectors.toSet()) : Set.of();
        if (store.delete(caller, id, versions) == 0) {
            throw new TaxiiException(HttpStatus.FORBIDDEN, "Forbidden", "only the owner's organisation may delete this object");
        }
        return ResponseEntity.ok().contentType(TAXII).build();
    }

    /** 5.8 Object versions. */
    @RequiresPermission("intel.read")
    @GetMapping("/api/collections/{collectionId}/objects/{objectId}/versions/")
    ResponseEntity<Map<String, Object>> versions(@PathVariable String collectionId, @PathVariable String objectId,
                                                 @RequestParam Map<String, String> params, Caller caller,
                                                 @RequestHeader(value = "Accept", required = false) String accept) {
        negotiate(accept);
        TaxiiCollection c = readable(caller, collectionId);
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("match[version]", "all");
        TaxiiQuery.Page page = store.taxiiManifest(caller, query(c, all, List.of(objectId)));
        if (page.items().isEmpty() && !params.containsKey("next")) {
            throw TaxiiException.notFound("no object " + objectId + " in this collection");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("more", page.more());
        if (page.more()) {
            body.put("next", next(page));
        }
        body.put("versions", page.items().stream().map(TaxiiController::version).toList());
        return paged(page).body(body);
    }

    /** The endpoints above, to tell an unsupported method (405) from an unknown resource (404). */
    private static final List<org.springframework.web.util.pattern.PathPattern> ENDPOINTS = java.util.stream.Stream.of(
                    "/taxii2/", "/taxii2/api/", "/taxii2/api/status/{s}/", "/taxii2/api/collections/",
                    "/taxii2/api/collections/{c}/", "/taxii2/api/collections/{c}/manifest/",
                    "/taxii2/api/collections/{c}/objects/", "/taxii2/api/collections/{c}/objects/{o}/",
                    "/taxii2/api/collections/{c}/objects/{o}/versions/")
            .map(org.springframework.web.util.pattern.PathPatternParser.defaultInstance::parse).toList();

    /** Section 3.6: any other path or method under /taxii2/ still answers a TAXII error message. */
    @AuthenticatedEndpoint(because = "answers only an error, naming no resource")
    @RequestMapping(value = "/**", method = {org.springframework.web.bind.annotation.RequestMethod.GET,
            org.springframework.web.bind.annotation.RequestMethod.HEAD, org.springframework.web.bind.annotation.RequestMethod.POST,
            org.springframework.web.bind.annotation.RequestMethod.PUT, org.springframework.web.bind.annotation.RequestMethod.PATCH,
            org.springframework.web.bind.annotation.RequestMethod.DELETE})
    ResponseEntity<Void> unknown(jakarta.servlet.http.HttpServletRequest request) {
        var path = org.springframework.http.server.PathContainer.parsePath(request.getRequestURI());
        if (ENDPOINTS.stream().anyMatch(p -> p.matches(path))) {
            throw new TaxiiException(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
                    request.getMethod() + " is not supported on this resource");
        }
        throw TaxiiException.notFound("no TAXII resource at this address");
    }

    // --- helpers --------------------------------------------------------------------------------

    private TaxiiCollection collection(Caller caller, String id) {
        return collections.find(caller, id).orElseThrow(() -> TaxiiException.notFound("no collection " + id));
    }

    private TaxiiCollection readable(Caller caller, String id) {
        TaxiiCollection c = collection(caller, id);
        if (!c.canRead()) {
            throw new TaxiiException(HttpStatus.FORBIDDEN, "Forbidden", "you may not read this collection");
        }
        return c;
    }

    /** Section 3.4 filters and 3.6 pagination, with an error naming the parameter. */
    static TaxiiQuery query(TaxiiCollection c, Map<String, String> p, List<String> pinnedIds) {
        Instant addedAfter = p.containsKey("added_after") ? StixTimestamp.tryParse(p.get("added_after"))
                .map(StixTimestamp::instant).orElseThrow(() -> TaxiiException.badRequest("added_after",
                        "must be a timestamp like 2025-06-26T08:00:00.000Z")) : null;
        int limit = DEFAULT_PAGE;
        if (p.containsKey("limit")) {
            try {
                limit = Integer.parseInt(p.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1) {
                throw TaxiiException.badRequest("limit", "must be a positive integer");
            }
            limit = Math.min(limit, MAX_PAGE); // 3.6: a server may return fewer than asked
        }
        Instant after = p.containsKey("next") ? decodeNext(p.get("next")) : null;
        // The object endpoints (5.6-5.8) name their object: match[id] and match[type] are not theirs
        // (and must not add other objects to the answer).
        boolean pinned = !pinnedIds.isEmpty();
        List<String> ids = pinned ? pinnedIds : list(p.get("match[id]"));
        List<String> types = pinned ? List.of() : list(p.get("match[type]"));
        return new TaxiiQuery(c.scope(), addedAfter, after, ids, types,
                versionMatch(p.get("match[version]")), list(p.get("match[spec_version]")), limit);
    }

    static TaxiiQuery.VersionMatch versionMatch(String value) {
        if (value == null || value.isBlank()) {
            return TaxiiQuery.VersionMatch.LAST;
        }
        boolean all = false;
        boolean first = false;
        boolean last = false;
        Set<String> exact = new java.util.HashSet<>();
        for (String v : list(value)) {
            switch (v) {
                case "all" -> all = true;
                case "first" -> first = true;
                case "last" -> last = true;
                default -> exact.add(StixTimestamp.tryParse(v).orElseThrow(() -> TaxiiException.badRequest("match[version]",
                        "must be first, last, all or timestamps, not '" + v + "'")).versionKey());
            }
        }
        return new TaxiiQuery.VersionMatch(all, first, last, exact);
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** next is opaque to clients: the date_added (in microseconds) of the last object of the page. */
    static String next(TaxiiQuery.Page page) {
        Instant last = page.items().getLast().dateAdded();
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, last);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(8).putLong(micros).array());
    }

    private static final long LAST_NEXT_MICROS = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59Z"));

    static Instant decodeNext(String token) {
        try {
            byte[] b = Base64.getUrlDecoder().decode(token);
            if (b.length != 8) {
                throw new IllegalArgumentException();
            }
            long micros = ByteBuffer.wrap(b).getLong();
            // A token this server gave out is the date_added of a stored object: after 1970 and far before
            // PostgreSQL's last timestamp; anything else would reach the database as an out-of-range error
            // (found by fuzzing).
            if (micros < 0 || micros > LAST_NEXT_MICROS) {
                throw new IllegalArgumentException();
            }
            return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        } catch (IllegalArgumentException e) {
            throw TaxiiException.badRequest("next", "is not a value this server gave out");
        }
    }

    private static String version(TaxiiQuery.Item i) {
        return i.version() != null ? i.version() : MICROS.format(i.dateAdded());
    }

    private static final byte[] ENVELOPE_END = "]}".getBytes(StandardCharsets.US_ASCII);

    /**
     * The envelope (section 3.7) of a page as pieces: the head, the objects' stored UTF-8 text joined
     * by commas, the tail. Its length is known before the first byte, so the answer carries
     * Content-Length; it is joined into one array only when the page cache keeps it.
     */
    static final class Envelope {
        final TaxiiQuery.Page page;
        final byte[] head;
        final long length;

        Envelope(TaxiiQuery.Page page) {
            this.page = page;
            this.head = ("{\"more\":" + page.more() + (page.more() ? ",\"next\":\"" + next(page) + '"' : "")
                    + ",\"objects\":[").getBytes(StandardCharsets.US_ASCII);
            long n = head.length + ENVELOPE_END.length + Math.max(0, page.items().size() - 1);
            for (TaxiiQuery.Item item : page.items()) {
                n += item.json().length;
            }
            this.length = n;
        }

        void writeTo(Sink out) throws IOException {
            out.write(head, 0, head.length);
            List<TaxiiQuery.Item> items = page.items();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.write(COMMA, 0, 1);
                }
                byte[] json = items.get(i).json();
                out.write(json, 0, json.length);
            }
            out.write(ENVELOPE_END, 0, ENVELOPE_END.length);
        }

        byte[] bytes() {
            byte[] all = new byte[Math.toIntExact(length)];
            int[] at = {0};
            try {
                writeTo((b, off, len) -> {
                    System.arraycopy(b, off, all, at[0], len);
                    at[0] += len;
                });
            } catch (IOException e) {
                throw new IllegalStateException(e); // copying between arrays does not fail
            }
            return all;
        }

        private static final byte[] COMMA = {','};
    }

    /** Where an envelope's pieces go. */
    @FunctionalInterface
    interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    static void writeEnvelope(TaxiiQuery.Page page, HttpServletResponse response) throws IOException {
        writeEnvelope(new Envelope(page), response);
    }

    private static void writeEnvelope(Envelope envelope, HttpServletResponse response) throws IOException {
        List<TaxiiQuery.Item> items = envelope.page.items();
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(TAXII_TYPE);
        if (!items.isEmpty()) {
            response.setHeader(DATE_ADDED_FIRST, MICROS.format(items.getFirst().dateAdded()));
            response.setHeader(DATE_ADDED_LAST, MICROS.format(items.getLast().dateAdded()));
        }
        response.setContentLengthLong(envelope.length);
        OutputStream out = response.getOutputStream();
        envelope.writeTo(out::write);
        out.flush();
    }

    static final String DATE_ADDED_FIRST = "X-TAXII-Date-Added-First";
    static final String DATE_ADDED_LAST = "X-TAXII-Date-Added-Last";

    /** A rendered page, kept in the cache (when it fits) and returned to be written. */
    private TaxiiPageCache.Page page(TaxiiPageCache.Key key, long stamp, byte[] body, TaxiiQuery.Page page) {
        List<TaxiiQuery.Item> items = page.items();
        TaxiiPageCache.Page p = new TaxiiPageCache.Page(body,
                items.isEmpty() ? null : MICROS.format(items.getFirst().dateAdded()),
                items.isEmpty() ? null : MICROS.format(items.getLast().dateAdded()),
                etag(key.visibility(), body), stamp, System.nanoTime());
        cache.put(key, p);
        return p;
    }

    /** Writes a rendered page, or 304 when the caller already holds it (If-None-Match names its ETag). */
    private static void write(TaxiiPageCache.Page page, String ifNoneMatch, HttpServletResponse response) throws IOException {
        if (notModified(ifNoneMatch, page.etag(), response)) {
            return;
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(TAXII_TYPE);
        response.setHeader(HttpHeaders.ETAG, page.etag());
        if (page.first() != null) {
            response.setHeader(DATE_ADDED_FIRST, page.first());
            response.setHeader(DATE_ADDED_LAST, page.last());
        }
        response.setContentLength(page.body().length);
        OutputStream out = response.getOutputStream();
        out.write(page.body());
        out.flush();
    }

    /**
     * RFC 9110 13.1.2: If-None-Match on a GET matches by weak comparison; "*" matches any current page.
     * Answers 304 (with the ETag, no body) when it matches. Only pages this caller may read get here:
     * authentication, authorisation and the collection's existence were settled before.
     */
    static boolean notModified(String ifNoneMatch, String etag, HttpServletResponse response) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String mine = etag.substring(1, etag.length() - 1);
        for (String candidate : ifNoneMatch.split(",")) {
            String t = candidate.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || (t.length() >= 2 && t.charAt(0) == '"' && t.endsWith("\"")
                    && t.substring(1, t.length() - 1).equals(mine))) {
                response.setStatus(HttpStatus.NOT_MODIFIED.value());
                response.setHeader(HttpHeaders.ETAG, etag);
                return true;
            }
        }
        return false;
    }

    /**
     * A strong ETag: SHA-256 of the audience's fingerprint and the body, 128 bits of it. The fingerprint
     * makes two audiences' tags differ even for identical bodies, so one audience's tag never answers
     * 304 to another.
     */
    static String etag(Visibility visibility, byte[] body) {
        MessageDigest sha = sha256();
        sha.update(visibility.fingerprint().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(body);
        return tag(sha);
    }

    private static String etag(Visibility visibility, Envelope envelope) {
        MessageDigest sha = sha256();
        sha.update(visibility.fingerprint().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        try {
            envelope.writeTo(sha::update);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return tag(sha);
    }

    private static String tag(MessageDigest sha) {
        return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(sha.digest(), 16)) + '"';
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cache-Control: no-cache (RFC 9111 5.2.1.4) on a request: answer from the store, not from a kept page. */
    static boolean noCache(String cacheControl) {
        return cacheControl != null && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-cache");
    }

    private static ResponseEntity.BodyBuilder paged(TaxiiQuery.Page page) {
        ResponseEntity.BodyBuilder b = ResponseEntity.ok().contentType(TAXII);
        if (!page.items().isEmpty()) {
            b.header("X-TAXII-Date-Added-First", MICROS.format(page.items().getFirst().dateAdded()));
            b.header("X-TAXII-Date-Added-Last", MICROS.format(page.items().getLast().dateAdded()));
        }
        return b;
    }

    private static <T> ResponseEntity<T> ok(T body) {
        return ResponseEntity.ok().contentType(TAXII).body(body);
    }

    private static Map<String, Object> describe(TaxiiCollection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id().toString());
        m.put("title", c.title());
        m.put("description", c.description());
        m.put("can_read", c.canRead());
        m.put("can_write", c.canWrite());
        m.put("media_types", List.of(STIX_TYPE));
        return m;
    }

    /** 1.6.8 (media types): the client must accept TAXII 2.1 JSON; anything else is 406. */
    static void negotiate(String accept) {
        if (accept == null || accept.isBlank() || accept.equals(TAXII_TYPE)) {
            return; // the usual case needs no parsing
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            acceptable = List.of();
        }
        for (MediaType m : acceptable) {
            if (m.getType().equals("*") || (m.getType().equals("application") && m.getSubtype().equals("*")) || isTaxii(m)) {
                return;
            }
        }
        throw new TaxiiException(HttpStatus.NOT_ACCEPTABLE, "Not acceptable", "this server answers only " + TAXII_TYPE);
    }

    private static MediaType parseOrNull(String mediaType) {
        try {
            return MediaType.parseMediaType(mediaType);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }

    static boolean isTaxii(MediaType m) {
        if (m == null || !m.getType().equals("application") || !m.getSubtype().equals("taxii+json")) {
            return false;
        }
        String version = m.getParameter("version");
        return version == null || version.equals("2.1");
    }

    /** The status resource as TAXII spells it. */
    record TaxiiStatusBody(String id, String status, String request_timestamp, int total_count, int success_count,
                           int failure_count, int pending_count, List<Map<String, String>> successes,
                           List<Map<String, String>> failures, List<Map<String, String>> pendings) {
        static TaxiiStatusBody of(TaxiiStatus s) {
            return new TaxiiStatusBody(s.id().toString(), s.status(), MICROS.format(s.requestTimestamp()), s.totalCount(),
                    s.successCount(), s.failureCount(), s.pendingCount(), details(s.successes()), details(s.failures()),
                    details(s.pendings()));
        }

        private static List<Map<String, String>> details(List<TaxiiStatus.Detail> ds) {
            return ds.stream().map(d -> {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("id", d.id());
                m.put("version", d.version());
                if (d.message() != null) {
                    m.put("message", d.message());
                }
                return m;
            }).toList();
        }
    }
}
