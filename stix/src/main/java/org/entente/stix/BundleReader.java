package org.entente.stix;

import java.io.Closeable;
import java.io.InputStream;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads STIX objects one at a time from a stream, never holding more than one object in memory.
 * Accepts a bundle (section 8), a bare JSON array of objects, or a single object.
 *
 * <p>Malformed JSON cannot be resynchronised, so it ends the stream with a {@link StixParseException}
 * naming line and column; every object returned before it was complete and can be kept.
 */
public final class BundleReader implements Closeable {

    /** One element of the input: where it stood and what it was. */
    public record Entry(int index, String pointer, JsonNode json) {
    }

    private final JsonParser parser;
    private final String prefix;
    private boolean inArray;
    private boolean single;
    private boolean done;
    private int index;
    private String bundleId;

    public BundleReader(InputStream in) {
        try {
            this.parser = StixJson.MAPPER.createParser(in);
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                inArray = true;
                prefix = "";
            } else if (first == JsonToken.START_OBJECT) {
                prefix = "/objects";
                openBundleOrSingle();
            } else {
                throw new StixParseException("input must be a STIX bundle, an array of objects or one object",
                        location());
            }
        } catch (JacksonException e) {
            throw StixParseException.from(e);
        } catch (NumberFormatException e) {
            throw numberOutOfRange(e);
        }
    }

    /**
     * Positions the parser on the bundle's {@code objects} array. The properties of a bundle may come in
     * any order; those before {@code objects} are checked as they come, the rest after the last object.
     * An object whose type is not {@code bundle} is the single entry (a lone object is buffered whole: it
     * is one object anyway).
     */
    private void openBundleOrSingle() {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("objects".equals(name) && value == JsonToken.START_ARRAY && mayBeBundle(header)) {
                checkHeader(header, false);
                inArray = true;
                return;
            }
            header.set(name, parser.readValueAsTree());
        }
        if ("bundle".equals(header.path("type").stringValue(null))) {
            checkHeader(header, true);
            if (header.has("objects")) {
                throw new StixParseException("/objects: a bundle's objects must be an array", location());
            }
            done = true; // a bundle without objects
        } else {
            pendingSingle = header;
            single = true;
        }
        if (parser.nextToken() != null) {
            throw new StixParseException("unexpected content after the object", location());
        }
    }

    private JsonNode pendingSingle;

    /** The bundle's own properties other than {@code objects}, as far as read. */
    private final ObjectNode header = StixJson.MAPPER.createObjectNode();

    /**
     * Whether the properties seen so far allow a bundle. The type decides when known; before it, a
     * well-formed id of another type marks a single object (e.g. one written with sorted keys, where
     * {@code id} precedes an {@code objects} array and {@code type} follows it). A malformed id is left
     * for {@link #checkHeader} to report.
     */
    private static boolean mayBeBundle(JsonNode header) {
        JsonNode type = header.get("type");
        if (type != null) {
            return "bundle".equals(type.stringValue(null));
        }
        JsonNode id = header.get("id");
        return id == null || StixId.tryParse(id.stringValue(null)).map(i -> i.type().equals("bundle")).orElse(true);
    }

    private void checkHeader(JsonNode header, boolean complete) {
        JsonNode type = header.get("type");
        if (type != null && !"bundle".equals(type.stringValue(null))) {
            throw new StixParseException("/type: a bundle's type must be \"bundle\"", location());
        }
        JsonNode id = header.get("id");
        if (id != null) {
            Optional<StixId> parsed = StixId.tryParse(id.stringValue(null));
            if (parsed.isEmpty() || !parsed.get().type().equals("bundle")) {
                throw new StixParseException("/id: a bundle's id must be bundle--UUID", location());
            }
            bundleId = id.stringValue();
        }
        if (complete && type == null) {
            throw new StixParseException("/type: required property missing", location());
        }
    }

    /**
     * The bundle's id when the input was a bundle: known from the start when it precedes the objects,
     * otherwise once the end of the objects has been reached.
     */
    public Optional<String> bundleId() {
        return Optional.ofNullable(bundleId);
    }

    /** The next object, or {@code null} at the end. */
    public Entry next() {
        if (done) {
            return null;
        }
        try {
            if (single) {
                done = true;
                return new Entry(0, "", pendingSingle);
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                done = true;
                drainAfterArray();
                return null;
            }
            if (t == null) {
                throw new StixParseException("unexpected end of input inside the objects array", location());
            }
            int i = index++;
            JsonNode node = parser.readValueAsTree();
            return new Entry(i, prefix + "/" + i, node);
        } catch (JacksonException e) {
            done = true;
            throw StixParseException.from(e);
        } catch (NumberFormatException e) {
            done = true;
            throw numberOutOfRange(e);
        }
    }

    /**
     * Jackson refuses numbers beyond its limits (e.g. {@code 1e4099999999999}) with a bare
     * NumberFormatException, not a JacksonException: reported like any other malformed input (found by
     * fuzzing, StixFuzzTest).
     */
    private StixParseException numberOutOfRange(NumberFormatException e) {
        return new StixParseException("a number is out of range", location());
    }

    /** Reads the rest of a bundle after its objects array, so trailing garbage is still reported. */
    private void drainAfterArray() {
        if (prefix.isEmpty()) {
            if (parser.nextToken() != null) {
                throw new StixParseException("unexpected content after the array", location());
            }
            return;
        }
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            header.set(name, parser.readValueAsTree());
        }
        if (t != JsonToken.END_OBJECT || parser.nextToken() != null) {
            throw new StixParseException("unexpected content after the bundle", location());
        }
        // The properties after the objects get the same checks as those before, and type is required.
        checkHeader(header, true);
    }

    private TokenStreamLocation location() {
        return parser.currentLocation();
    }

    @Override
    public void close() {
        parser.close();
    }
}
