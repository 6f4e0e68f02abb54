package org.entente.taxii.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** A collection resource (section 5.2). */
public record TaxiiCollection(String id, String title, String description, String alias, boolean canRead,
                              boolean canWrite, List<String> mediaTypes) {

    static TaxiiCollection from(JsonNode c) {
        return new TaxiiCollection(Json.text(c, "id"), Json.text(c, "title"), Json.text(c, "description"),
                Json.text(c, "alias"), Json.bool(c, "can_read", false), Json.bool(c, "can_write", false),
                Json.texts(c, "media_types"));
    }

    static List<TaxiiCollection> listFrom(JsonNode body) {
        List<TaxiiCollection> out = new ArrayList<>();
        for (JsonNode c : body.path("collections")) {
            if (c.isObject()) {
                out.add(from(c));
            }
        }
        return List.copyOf(out);
    }

    /** {@code rw}, {@code r-}, {@code -w} or {@code --}. */
    public String access() {
        return (canRead ? "r" : "-") + (canWrite ? "w" : "-");
    }
}
