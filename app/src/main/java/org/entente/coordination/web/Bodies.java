package org.entente.coordination.web;

import java.io.IOException;
import java.io.InputStream;

import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;

/** Request bodies read as JSON trees, so the services can name the JSON pointer of a bad value. */
final class Bodies {

    static final int MAX_BYTES = 1 << 20;

    private Bodies() {
    }

    static JsonNode read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new org.entente.coordination.CoordinationException.InvalidInput("", "the body is larger than 1 MB");
        }
        if (bytes.length == 0) {
            return StixJson.MAPPER.createObjectNode();
        }
        return StixJson.MAPPER.readTree(bytes);
    }
}
