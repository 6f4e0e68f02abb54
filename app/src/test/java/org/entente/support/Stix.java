package org.entente.support;

import java.util.List;
import java.util.UUID;

/** Small STIX objects for tests, each with a fresh id. */
public final class Stix {

    private Stix() {
    }

    public static String identity(String name) {
        return identity("identity--" + UUID.randomUUID(), name, "2025-06-26T08:00:00.000Z");
    }

    public static String identity(String id, String name, String modified) {
        return """
                {"type":"identity","spec_version":"2.1","id":"%s","created":"2025-06-26T08:00:00.000Z",
                 "modified":"%s","name":"%s","identity_class":"organization"}""".formatted(id, modified, name);
    }

    public static String malware(String id, String modified, boolean revoked) {
        return """
                {"type":"malware","spec_version":"2.1","id":"%s","created":"2025-01-01T00:00:00.000Z",
                 "modified":"%s","name":"Sample","is_family":true,"revoked":%s}""".formatted(id, modified, revoked);
    }

    public static String bundle(List<String> objects) {
        return "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
                + String.join(",", objects) + "]}";
    }
}
