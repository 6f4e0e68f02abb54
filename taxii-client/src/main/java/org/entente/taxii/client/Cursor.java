package org.entente.taxii.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.entente.stix.StixJson;
import org.entente.stix.StixTimestamp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How far a pull got: the {@code X-TAXII-Date-Added-Last} of the last page that was <em>fully</em> handed
 * to the sink, plus the keys ({@code id|modified}) of the objects delivered in the pages that ended at that
 * same instant (the "boundary").
 *
 * <p>{@code added_after} is exclusive, and several objects may share a {@code date_added}; a page may end
 * in the middle of such a group. So a pull that resumes from a cursor with a boundary asks for
 * {@code added_after} one microsecond <em>before</em> the recorded instant and drops the objects already in
 * the boundary: nothing at the boundary instant is skipped and nothing is delivered twice. A cursor without
 * a boundary (e.g. {@link #after(String)} from a user's timestamp) is used exclusively, as given.
 *
 * <p>A pull advances its cursor in place after each page; {@link #save(Path)} (atomic) and
 * {@link #load(Path)} keep it in a small JSON file. A cursor remembers the API root and collection it was
 * first used with and refuses others. Not thread-safe.
 */
public final class Cursor {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private String apiRoot;
    private String collection;
    private String addedAfter;
    private final Set<String> boundary = new LinkedHashSet<>();

    private Cursor(String addedAfter) {
        this.addedAfter = addedAfter;
    }

    /** From the beginning of the collection. */
    public static Cursor start() {
        return new Cursor(null);
    }

    /** Objects added after {@code timestamp} (exclusive, as in {@code added_after}). */
    public static Cursor after(String timestamp) {
        return new Cursor(StixTimestamp.parse(Objects.requireNonNull(timestamp, "timestamp")).text());
    }

    /** Reads a cursor written by {@link #save(Path)}. */
    public static Cursor load(Path file) {
        JsonNode json;
        try {
            json = StixJson.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cursor " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor " + file + " is not a cursor file: " + e.getMessage(), e);
        }
        String after = Json.text(json, "added_after");
        if (after != null && StixTimestamp.tryParse(after).isEmpty()) {
            throw new IllegalArgumentException("cursor " + file + " has a malformed added_after: " + after);
        }
        Cursor c = new Cursor(after);
        c.apiRoot = Json.text(json, "api_root");
        c.collection = Json.text(json, "collection");
        c.boundary.addAll(Json.texts(json, "boundary"));
        return c;
    }

    /** Writes the cursor to {@code file}, replacing it atomically where the file system allows. */
    public void save(Path file) {
        ObjectNode json = StixJson.MAPPER.createObjectNode();
        json.put("api_root", apiRoot);
        json.put("collection", collection);
        json.put("added_after", addedAfter);
        ArrayNode keys = json.putArray("boundary");
        boundary.forEach(keys::add);
        json.put("saved", Instant.now().toString());
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, StixJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cursor " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last fully processed page's {@code X-TAXII-Date-Added-Last}, or the starting timestamp. */
    public Optional<String> addedAfter() {
        return Optional.ofNullable(addedAfter);
    }

    /** The collection this cursor belongs to, once used. */
    public Optional<String> collection() {
        return Optional.ofNullable(collection);
    }

    /** The API root this cursor belongs to, once used. */
    public Optional<String> apiRoot() {
        return Optional.ofNullable(apiRoot);
    }

    /** Keys ({@code id|modified}) of the objects already delivered at the {@link #addedAfter()} instant. */
    public Set<String> boundary() {
        return Set.copyOf(boundary);
    }

    /** Ties the cursor to one collection; a cursor of another collection is refused. */
    void bind(String apiRootUrl, String collectionId) {
        if (collection != null && !collection.equals(collectionId)
                || apiRoot != null && !sameRoot(apiRoot, apiRootUrl)) {
            throw new IllegalArgumentException("this cursor belongs to collection " + collection + " at " + apiRoot
                    + ", not " + collectionId + " at " + apiRootUrl);
        }
        apiRoot = apiRootUrl;
        collection = collectionId;
    }

    private static boolean sameRoot(String a, String b) {
        return a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }

    /** The {@code added_after} to ask for when (re)starting from this cursor. */
    String requestAddedAfter() {
        if (addedAfter == null || boundary.isEmpty()) {
            return addedAfter;
        }
        return MICROS.format(StixTimestamp.parse(addedAfter).instant().minusNanos(1_000));
    }

    /** Whether the cursor stands at this instant (after a page ending there). */
    boolean isAt(String timestamp) {
        Optional<StixTimestamp> t = StixTimestamp.tryParse(timestamp);
        return addedAfter != null && t.isPresent() && t.get().instant().equals(StixTimestamp.parse(addedAfter).instant());
    }

    /** Whether the object was already delivered at the boundary instant. */
    boolean delivered(JsonNode object) {
        return !boundary.isEmpty() && boundary.contains(key(object));
    }

    /**
     * Records that a page whose last date added was {@code last} has been fully processed. A page without
     * the header leaves the cursor where it was.
     */
    void advance(String last, Collection<JsonNode> pageObjects) {
        Optional<StixTimestamp> t = StixTimestamp.tryParse(last);
        if (t.isEmpty()) {
            return;
        }
        int order = addedAfter == null ? 1 : t.get().instant().compareTo(StixTimestamp.parse(addedAfter).instant());
        if (order > 0) {
            addedAfter = last;
            boundary.clear();
        }
        if (order >= 0) {
            pageObjects.forEach(o -> boundary.add(key(o)));
        }
    }

    /** {@code id|modified} (or {@code created}, or nothing for objects that have neither). */
    static String key(JsonNode object) {
        String version = Json.text(object, "modified");
        if (version == null) {
            version = Json.text(object, "created");
        }
        return Json.text(object, "id") + "|" + (version == null ? "" : version);
    }

    @Override
    public String toString() {
        return "Cursor[" + (addedAfter == null ? "start" : "after " + addedAfter)
                + (boundary.isEmpty() ? "" : ", " + boundary.size() + " at the boundary") + "]";
    }
}
