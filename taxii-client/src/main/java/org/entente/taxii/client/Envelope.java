package org.entente.taxii.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One page of objects (the envelope, section 3.7) with the page's {@code X-TAXII-Date-Added-First} and
 * {@code X-TAXII-Date-Added-Last} headers ({@code null} when absent). {@code next} is {@code null} when the
 * server sent none.
 */
public record Envelope(boolean more, String next, List<JsonNode> objects, String dateAddedFirst,
                       String dateAddedLast) {

    static Envelope from(JsonNode body, String first, String last) {
        List<JsonNode> objects = new ArrayList<>();
        body.path("objects").forEach(objects::add);
        return new Envelope(Json.bool(body, "more", false), blankToNull(Json.text(body, "next")),
                List.copyOf(objects), first, last);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
