package org.entente.taxii.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small in-memory TAXII 2.1 server for tests, on 127.0.0.1 and a free port: discovery at
 * {@code /taxii2/}, one API root at {@code /api1/}, collections, objects (GET with {@code added_after},
 * {@code match[id|type|version]}, {@code limit}, {@code next}; POST), manifest, versions and statuses.
 * Knobs: paging with or without {@code next}, a page size cap, required credentials, objects to refuse,
 * statuses that stay pending for some polls, and scripted faults (e.g. two 503s, then normal answers).
 */
public final class StubTaxiiServer implements AutoCloseable {

    public static final String MEDIA_TYPE = "application/taxii+json;version=2.1";
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** How the server pages: with {@code next} tokens, or only {@code more} (clients page by added_after). */
    public enum Paging {
        NEXT, ADDED_AFTER
    }

    /** One request as received. */
    public record Recorded(String method, String path, Map<String, String> params, Headers headers, String body) {
    }

    private record Fault(String method, Pattern path, int skip, int times, int status, Map<String, String> headers) {
    }

    private record Stored(String dateAdded, JsonNode object, long seq) {
        Instant added() {
            return Instant.parse(dateAdded);
        }

        String version() {
            JsonNode m = object.path("modified");
            return m.isString() ? m.asString() : object.path("created").asString("");
        }
    }

    private record Coll(String id, String title, boolean canRead, boolean canWrite, List<Stored> objects) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, Coll> collections = new LinkedHashMap<>();
    private final Map<String, ObjectNode> statuses = new ConcurrentHashMap<>();
    private final Map<String, Integer> statusPollsLeft = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<Fault, Integer> faultSeen = new ConcurrentHashMap<>();
    private volatile Paging paging = Paging.NEXT;
    private volatile int maxPageSize = 1000;
    private volatile String requiredAuthorization;
    private volatile Predicate<JsonNode> refuse = o -> false;
    private volatile String refuseMessage = "refused";
    private volatile int pendingPolls;
    private volatile long maxContentLength = 10_485_760;
    private volatile boolean dateHeaders = true;
    private long seq;
    private Instant clock = Instant.parse("2024-01-01T00:00:00Z");

    private StubTaxiiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static StubTaxiiServer start() {
        try {
            return new StubTaxiiServer();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String discoveryUrl() {
        return baseUrl() + "/taxii2/";
    }

    public String apiRootUrl() {
        return baseUrl() + "/api1/";
    }

    // ------------------------------------------------------------------ knobs

    public StubTaxiiServer paging(Paging p) {
        this.paging = p;
        return this;
    }

    public StubTaxiiServer maxPageSize(int n) {
        this.maxPageSize = n;
        return this;
    }

    public StubTaxiiServer maxContentLength(long n) {
        this.maxContentLength = n;
        return this;
    }

    /** Answer without X-TAXII-Date-Added-First/Last headers. */
    public StubTaxiiServer withoutDateHeaders() {
        this.dateHeaders = false;
        return this;
    }

    public StubTaxiiServer requireAuthorization(String headerValue) {
        this.requiredAuthorization = headerValue;
        return this;
    }

    /** Objects matching are reported as failures in statuses, with this message. */
    public StubTaxiiServer refuse(Predicate<JsonNode> which, String message) {
        this.refuse = which;
        this.refuseMessage = message;
        return this;
    }

    /** New statuses stay pending for this many polls. */
    public StubTaxiiServer pendingPolls(int n) {
        this.pendingPolls = n;
        return this;
    }

    public synchronized StubTaxiiServer collection(String id, String title, boolean canRead, boolean canWrite) {
        collections.put(id, new Coll(id, title, canRead, canWrite, new ArrayList<>()));
        return this;
    }

    /**
     * Requests {@code METHOD} whose path matches {@code pathRegex} (fully): the first {@code skip} are
     * answered normally, the next {@code times} with {@code status} and the headers, then normally again.
     */
    public synchronized StubTaxiiServer fault(String method, String pathRegex, int skip, int times, int status,
                                              Map<String, String> headers) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), skip, times, status, Map.copyOf(headers)));
        return this;
    }

    /** Stores an object as added at {@code dateAdded}. */
    public synchronized void add(String collectionId, String dateAdded, JsonNode object) {
        collections.get(collectionId).objects().add(new Stored(dateAdded, object, seq++));
        collections.get(collectionId).objects().sort(Comparator.comparing(Stored::added)
                .thenComparingLong(Stored::seq));
    }

    public synchronized List<JsonNode> objects(String collectionId) {
        return collections.get(collectionId).objects().stream().map(Stored::object).toList();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> requests(String method, String pathRegex) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ test data

    /** An indicator with a fixed id derived from {@code n}. */
    public static ObjectNode indicator(int n) {
        ObjectNode o = StixJson.MAPPER.createObjectNode();
        o.put("type", "indicator");
        o.put("spec_version", "2.1");
        o.put("id", "indicator--" + new UUID(0x1234L, n).toString());
        o.put("created", "2024-01-01T00:00:00.000Z");
        o.put("modified", "2024-01-01T00:00:00.000Z");
        o.put("name", "indicator " + n);
        o.put("pattern", "[ipv4-addr:value = '10.0.0." + (n % 250) + "']");
        o.put("pattern_type", "stix");
        o.put("valid_from", "2024-01-01T00:00:00Z");
        return o;
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = x.getRequestURI().getRawPath();
            Map<String, String> params = params(x.getRequestURI().getRawQuery());
            requests.add(new Recorded(x.getRequestMethod(), path, params, x.getRequestHeaders(), body));
            Fault f = fault(x.getRequestMethod(), path);
            if (f != null) {
                f.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
                error(x, f.status(), "scripted fault " + f.status());
                return;
            }
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                error(x, 401, "authentication required");
                return;
            }
            String accept = x.getRequestHeaders().getFirst("Accept");
            if (accept == null || !accept.replace(" ", "").contains("application/taxii+json;version=2.1")) {
                error(x, 406, "Accept must be " + MEDIA_TYPE);
                return;
            }
            route(x, path, params, body);
        } catch (RuntimeException e) {
            e.printStackTrace();
            error(x, 500, String.valueOf(e));
        }
    }

    private synchronized Fault fault(String method, String path) {
        Fault firing = null;
        for (Fault f : faults) {
            if (f.method().equals(method) && f.path().matcher(path).matches()) {
                int n = faultSeen.merge(f, 1, Integer::sum);
                if (firing == null && n > f.skip() && n <= f.skip() + f.times()) {
                    firing = f;
                }
            }
        }
        return firing;
    }

    private static final Pattern COLLECTION = Pattern.compile("/api1/collections/([^/]+)/(.*)");
    private static final Pattern STATUS = Pattern.compile("/api1/status/([^/]+)/");

    private void route(HttpExchange x, String path, Map<String, String> params, String body) throws IOException {
        String method = x.getRequestMethod();
        if (path.equals("/taxii2/") && method.equals("GET")) {
            ObjectNode d = StixJson.MAPPER.createObjectNode();
            d.put("title", "Stub TAXII server");
            d.put("default", apiRootUrl());
            d.putArray("api_roots").add(apiRootUrl());
            send(x, 200, d, null);
            return;
        }
        if (path.equals("/api1/") && method.equals("GET")) {
            ObjectNode r = StixJson.MAPPER.createObjectNode();
            r.put("title", "Stub API root");
            r.putArray("versions").add(MEDIA_TYPE);
            r.put("max_content_length", maxContentLength);
            r.put("x_unknown_field", "tolerated");
            send(x, 200, r, null);
            return;
        }
        if (path.equals("/api1/collections/") && method.equals("GET")) {
            ObjectNode r = StixJson.MAPPER.createObjectNode();
            ArrayNode a = r.putArray("collections");
            synchronized (this) {
                collections.values().forEach(c -> a.add(collectionJson(c)));
            }
            send(x, 200, r, null);
            return;
        }
        Matcher s = STATUS.matcher(path);
        if (s.matches() && method.equals("GET")) {
            ObjectNode st = statuses.get(s.group(1));
            if (st == null) {
                error(x, 404, "no such status");
                return;
            }
            int left = statusPollsLeft.merge(s.group(1), -1, Integer::sum);
            send(x, 200, left < 0 ? st : pendingView(st), null);
            return;
        }
        Matcher m = COLLECTION.matcher(path);
        if (!m.matches()) {
            error(x, 404, "no such resource: " + path);
            return;
        }
        Coll c;
        synchronized (this) {
            c = collections.get(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        }
        if (c == null) {
            error(x, 404, "no such collection");
            return;
        }
        String rest = m.group(2);
        if (rest.isEmpty() && method.equals("GET")) {
            send(x, 200, collectionJson(c), null);
        } else if (rest.equals("objects/") && method.equals("GET")) {
            if (!c.canRead()) {
                error(x, 403, "collection not readable");
                return;
            }
            getObjects(x, c, params, null);
        } else if (rest.equals("objects/") && method.equals("POST")) {
            if (!c.canWrite()) {
                error(x, 403, "collection not writable");
                return;
            }
            String ct = x.getRequestHeaders().getFirst("Content-Type");
            if (ct == null || !ct.replace(" ", "").startsWith(MEDIA_TYPE)) {
                error(x, 415, "Content-Type must be " + MEDIA_TYPE);
                return;
            }
            if (body.length() > maxContentLength) {
                error(x, 413, "envelope larger than max_content_length");
                return;
            }
            post(x, c, body);
        } else if (rest.equals("manifest/") && method.equals("GET")) {
            manifest(x, c, params);
        } else if (rest.matches("objects/[^/]+/") && method.equals("GET")) {
            String id = URLDecoder.decode(rest.substring(8, rest.length() - 1), StandardCharsets.UTF_8);
            getObjects(x, c, params, id);
        } else if (rest.matches("objects/[^/]+/versions/") && method.equals("GET")) {
            String id = URLDecoder.decode(rest.substring(8, rest.length() - 10), StandardCharsets.UTF_8);
            ObjectNode r = StixJson.MAPPER.createObjectNode();
            ArrayNode v = r.putArray("versions");
            synchronized (this) {
                c.objects().stream().filter(o -> o.object().path("id").asString().equals(id))
                        .forEach(o -> v.add(o.version()));
            }
            r.put("more", false);
            send(x, 200, r, null);
        } else {
            error(x, 405, "not supported here: " + method + " " + path);
        }
    }

    private synchronized List<Stored> select(Coll c, Map<String, String> params, String onlyId) {
        Instant after = params.containsKey("added_after") ? Instant.parse(params.get("added_after")) : null;
        List<String> types = list(params.get("match[type]"));
        List<String> ids = list(params.get("match[id]"));
        if (onlyId != null) {
            ids = List.of(onlyId);
        }
        String version = params.getOrDefault("match[version]", onlyId == null ? "last" : "all");
        List<Stored> out = new ArrayList<>();
        for (Stored s : c.objects()) {
            if (after != null && !s.added().isAfter(after)) {
                continue;
            }
            String type = s.object().path("type").asString();
            String id = s.object().path("id").asString();
            if (!types.isEmpty() && !types.contains(type) || !ids.isEmpty() && !ids.contains(id)) {
                continue;
            }
            if (version.equals("last") && c.objects().stream().anyMatch(o -> o.object().path("id").asString().equals(id)
                    && o.version().compareTo(s.version()) > 0)) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private void getObjects(HttpExchange x, Coll c, Map<String, String> params, String onlyId) throws IOException {
        List<Stored> all = select(c, params, onlyId);
        int offset = paging == Paging.NEXT && params.containsKey("next") ? Integer.parseInt(params.get("next")) : 0;
        int limit = Math.min(maxPageSize, params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : maxPageSize);
        List<Stored> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        boolean more = offset + page.size() < all.size();
        ObjectNode env = StixJson.MAPPER.createObjectNode();
        env.put("more", more);
        if (more && paging == Paging.NEXT) {
            env.put("next", String.valueOf(offset + page.size()));
        }
        if (!page.isEmpty()) {
            ArrayNode a = env.putArray("objects");
            page.forEach(s -> a.add(s.object()));
        }
        send(x, 200, env, page);
    }

    private void manifest(HttpExchange x, Coll c, Map<String, String> params) throws IOException {
        List<Stored> all = select(c, params, null);
        int limit = Math.min(maxPageSize, params.containsKey("limit") ? Integer.parseInt(params.get("limit")) : maxPageSize);
        List<Stored> page = all.subList(0, Math.min(all.size(), limit));
        ObjectNode r = StixJson.MAPPER.createObjectNode();
        r.put("more", page.size() < all.size());
        ArrayNode a = r.putArray("objects");
        for (Stored s : page) {
            ObjectNode m = a.addObject();
            m.put("id", s.object().path("id").asString());
            m.put("date_added", s.dateAdded());
            m.put("version", s.version());
            m.put("media_type", "application/stix+json;version=2.1");
        }
        send(x, 200, r, page);
    }

    private void post(HttpExchange x, Coll c, String body) throws IOException {
        JsonNode env;
        try {
            env = StixJson.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            error(x, 400, "not JSON: " + e.getMessage());
            return;
        }
        if (!env.path("objects").isArray()) {
            error(x, 400, "the body must be an envelope with objects");
            return;
        }
        String dateAdded;
        synchronized (this) {
            clock = clock.plusMillis(1);
            dateAdded = MICROS.format(clock);
        }
        ObjectNode status = StixJson.MAPPER.createObjectNode();
        String id = UUID.randomUUID().toString();
        status.put("id", id);
        status.put("status", "complete");
        status.put("request_timestamp", dateAdded);
        ArrayNode successes = StixJson.MAPPER.createArrayNode();
        ArrayNode failures = StixJson.MAPPER.createArrayNode();
        for (JsonNode o : env.path("objects")) {
            ObjectNode d = StixJson.MAPPER.createObjectNode();
            d.put("id", o.path("id").asString());
            d.put("version", o.path("modified").asString(o.path("created").asString("")));
            if (refuse.test(o)) {
                d.put("message", refuseMessage);
                failures.add(d);
            } else {
                add(c.id(), dateAdded, o);
                successes.add(d);
            }
        }
        status.put("total_count", successes.size() + failures.size());
        status.put("success_count", successes.size());
        status.set("successes", successes);
        status.put("failure_count", failures.size());
        status.set("failures", failures);
        status.put("pending_count", 0);
        statuses.put(id, status);
        statusPollsLeft.put(id, pendingPolls);
        send(x, 202, pendingPolls > 0 ? pendingView(status) : status, null);
    }

    /** The status as it looks while everything is still pending. */
    private static ObjectNode pendingView(ObjectNode complete) {
        ObjectNode p = complete.deepCopy();
        p.put("status", "pending");
        ArrayNode pendings = p.putArray("pendings");
        complete.path("successes").forEach(pendings::add);
        complete.path("failures").forEach(pendings::add);
        p.put("pending_count", pendings.size());
        p.put("success_count", 0);
        p.put("failure_count", 0);
        p.remove("successes");
        p.remove("failures");
        return p;
    }

    private ObjectNode collectionJson(Coll c) {
        ObjectNode j = StixJson.MAPPER.createObjectNode();
        j.put("id", c.id());
        j.put("title", c.title());
        j.put("can_read", c.canRead());
        j.put("can_write", c.canWrite());
        j.putArray("media_types").add("application/stix+json;version=2.1");
        return j;
    }

    private void send(HttpExchange x, int status, JsonNode body, List<Stored> page) throws IOException {
        if (page != null && !page.isEmpty() && dateHeaders) {
            x.getResponseHeaders().add("X-TAXII-Date-Added-First", page.getFirst().dateAdded());
            x.getResponseHeaders().add("X-TAXII-Date-Added-Last", page.getLast().dateAdded());
        }
        byte[] bytes = StixJson.MAPPER.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", MEDIA_TYPE);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void error(HttpExchange x, int status, String description) throws IOException {
        ObjectNode e = StixJson.MAPPER.createObjectNode();
        e.put("title", status == 401 ? "Unauthorized" : "Error " + status);
        e.put("description", description);
        e.put("http_status", String.valueOf(status));
        send(x, status, e, null);
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(","));
    }
}
