package org.entente.stix;

import java.io.Closeable;
import java.io.OutputStream;
import java.util.UUID;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes a STIX bundle object by object to a stream, so exports of any size use constant memory. A bundle
 * with no objects is written without an {@code objects} property: section 8.1 makes it optional but, when
 * present, "one or more" objects (the official schema has {@code minItems: 1}).
 */
public final class BundleWriter implements Closeable {

    private final JsonGenerator out;
    private long count;

    public BundleWriter(OutputStream stream) {
        this(stream, "bundle--" + UUID.randomUUID());
    }

    public BundleWriter(OutputStream stream, String bundleId) {
        this.out = StixJson.MAPPER.createGenerator(stream);
        out.writeStartObject();
        out.writeStringProperty("type", "bundle");
        out.writeStringProperty("id", bundleId);
    }

    private void beforeObject() {
        if (count == 0) {
            out.writeName("objects");
            out.writeStartArray();
        }
    }

    public void write(JsonNode object) {
        beforeObject();
        StixJson.MAPPER.writeTree(out, object);
        count++;
    }

    /** Writes an object already serialised as JSON text (e.g. straight from the database). */
    public void writeRaw(String json) {
        beforeObject();
        out.writeRawValue(json);
        count++;
    }

    public void flush() {
        out.flush();
    }

    public long count() {
        return count;
    }

    @Override
    public void close() {
        if (count > 0) {
            out.writeEndArray();
        }
        out.writeEndObject();
        out.close();
    }
}
