package org.entente.taxii.client;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** One object's outcome in a status resource (section 4.3.1): which object and version, and why. */
public record StatusDetail(String id, String version, String message) {

    static List<StatusDetail> listFrom(JsonNode array) {
        List<StatusDetail> out = new ArrayList<>();
        for (JsonNode d : array) {
            if (d.isObject()) {
                out.add(new StatusDetail(Json.text(d, "id"), Json.text(d, "version"), Json.text(d, "message")));
            } else if (d.isString()) {
                out.add(new StatusDetail(d.asString(), null, null));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return (id == null ? "(no id)" : id) + (version == null ? "" : " (" + version + ")")
                + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
