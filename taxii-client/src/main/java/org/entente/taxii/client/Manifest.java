package org.entente.taxii.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** One page of a collection's manifest (section 5.6) with its date-added headers. */
public record Manifest(boolean more, String next, List<ManifestRecord> objects, String dateAddedFirst,
                       String dateAddedLast) {

    static Manifest from(JsonNode body, String first, String last) {
        List<ManifestRecord> records = new ArrayList<>();
        for (JsonNode m : body.path("objects")) {
            records.add(ManifestRecord.from(m));
        }
        return new Manifest(Json.bool(body, "more", false), Envelope.blankToNull(Json.text(body, "next")),
                List.copyOf(records), first, last);
    }
}
