package org.entente.taxii.client;

import java.net.URI;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** An API root resource (section 4.2). {@code maxContentLength} is 0 when the server did not say. */
public record ApiRoot(URI url, String title, String description, List<String> versions, long maxContentLength) {

    static ApiRoot from(URI url, JsonNode body) {
        return new ApiRoot(url, Json.text(body, "title"), Json.text(body, "description"), Json.texts(body, "versions"),
                Json.number(body, "max_content_length", 0));
    }

    static boolean looksLikeApiRoot(JsonNode body) {
        return body.isObject() && (body.has("versions") || body.has("max_content_length"));
    }

    /** Whether the server declares TAXII 2.1 here (an empty list is taken as yes). */
    public boolean supportsTaxii21() {
        return versions.isEmpty() || versions.stream().anyMatch(v -> v.replace(" ", "").contains("version=2.1"));
    }
}
