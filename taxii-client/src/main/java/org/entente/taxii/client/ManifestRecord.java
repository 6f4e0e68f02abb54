package org.entente.taxii.client;

import tools.jackson.databind.JsonNode;

/** One entry of a manifest (section 5.6.1). */
public record ManifestRecord(String id, String dateAdded, String version, String mediaType) {

    static ManifestRecord from(JsonNode m) {
        return new ManifestRecord(Json.text(m, "id"), Json.text(m, "date_added"), Json.text(m, "version"),
                Json.text(m, "media_type"));
    }
}
