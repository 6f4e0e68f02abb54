package org.entente.taxii.client;

import tools.jackson.databind.JsonNode;

/**
 * A TAXII error message (section 3.6.1): {@code title} is required, the rest optional. {@code details} is
 * whatever the server put there (a JSON object, or a missing node).
 */
public record TaxiiError(String title, String description, String errorId, String errorCode, String httpStatus,
                         String externalDetails, JsonNode details) {

    /** The error message in a response body, or {@code null} when the body is not one. */
    static TaxiiError from(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("title").isString()) {
            return null;
        }
        return new TaxiiError(body.path("title").asString(), Json.text(body, "description"),
                Json.text(body, "error_id"), Json.text(body, "error_code"),
                body.path("http_status").isMissingNode() || body.path("http_status").isNull()
                        ? null : body.path("http_status").asString(),
                Json.text(body, "external_details"), body.path("details"));
    }

    /** {@code title: description}, or just the title. */
    public String summary() {
        return description == null || description.isBlank() ? title : title + ": " + description;
    }
}
