package org.entente.console.web;

import java.time.Instant;

import org.entente.intel.StoredObject;
import org.entente.stix.StixJson;

import tools.jackson.databind.JsonNode;

/** How the console names and summarises a STIX object it was allowed to read. */
final class StixViews {

    private StixViews() {
    }

    /** One line of a list: the object's own name, else a readable stand-in (never another object's name). */
    record Summary(String id, String type, String name, String version, Instant dateAdded) {
    }

    static JsonNode body(StoredObject o) {
        return StixJson.MAPPER.readTree(o.json());
    }

    static Summary summary(StoredObject o) {
        return summary(o, body(o));
    }

    static Summary summary(StoredObject o, JsonNode body) {
        return new Summary(o.id(), o.type(), displayName(body), body.path("modified").asString(body.path("created").asString("")),
                o.dateAdded());
    }

    static String displayName(JsonNode body) {
        if (body.path("type").asString("").equals("relationship")) {
            // Its type only: the names of its ends belong to objects the reader may not see.
            return body.path("relationship_type").asString("related-to") + " (relationship)";
        }
        for (String field : new String[] {"name", "value", "pattern", "path", "number"}) {
            JsonNode v = body.path(field);
            if (v.isString() && !v.asString().isBlank()) {
                String s = v.asString();
                return s.length() > 160 ? s.substring(0, 157) + "…" : s;
            }
            if (v.isNumber()) {
                return v.asString();
            }
        }
        if (body.path("type").asString("").equals("sighting")) {
            return "Sighting (" + body.path("count").asString("1") + "×)";
        }
        return body.path("type").asString("object");
    }
}
