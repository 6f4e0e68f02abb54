package org.entente.taxii.client;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** One page of an object's versions (section 5.9) with its date-added headers. */
public record Versions(boolean more, String next, List<String> versions, String dateAddedFirst,
                       String dateAddedLast) {

    static Versions from(JsonNode body, String first, String last) {
        return new Versions(Json.bool(body, "more", false), Envelope.blankToNull(Json.text(body, "next")),
                Json.texts(body, "versions"), first, last);
    }
}
