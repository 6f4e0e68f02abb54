package org.entente.taxii.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The discovery resource (section 4.1): the server's title and its API roots, resolved against the
 * discovery URL (so relative entries work too) and ending in {@code /}.
 */
public record Discovery(URI url, String title, String description, String contact, URI defaultApiRoot,
                        List<URI> apiRoots) {

    static Discovery from(URI url, JsonNode body) {
        List<URI> roots = new ArrayList<>();
        for (String r : Json.texts(body, "api_roots")) {
            roots.add(TaxiiClient.directory(url.resolve(r)));
        }
        String def = Json.text(body, "default");
        return new Discovery(url, Json.text(body, "title"), Json.text(body, "description"), Json.text(body, "contact"),
                def == null || def.isBlank() ? null : TaxiiClient.directory(url.resolve(def)), List.copyOf(roots));
    }

    /** Whether a JSON body looks like a discovery resource rather than an API root. */
    static boolean looksLikeDiscovery(JsonNode body) {
        return body.isObject() && (body.has("api_roots") || body.has("default") || body.has("contact"))
                && !ApiRoot.looksLikeApiRoot(body);
    }
}
