package org.entente.console;

import java.util.UUID;

/** Small STIX bundles with fresh ids and names, so tests sharing one node never see each other's objects. */
final class Bundles {

    private Bundles() {
    }

    /** An intrusion set that uses a malware, an indicator of that malware, and their relationships. */
    record Campaign(String tag, String intrusionSet, String malware, String indicator, String uses, String indicates,
                    String domain, String json) {
        String intrusionSetName() {
            return "Set " + tag;
        }

        String malwareName() {
            return "Malware " + tag;
        }

        String indicatorName() {
            return "Indicator " + tag;
        }
    }

    static Campaign campaign() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String set = "intrusion-set--" + UUID.randomUUID();
        String malware = "malware--" + UUID.randomUUID();
        String indicator = "indicator--" + UUID.randomUUID();
        String uses = "relationship--" + UUID.randomUUID();
        String indicates = "relationship--" + UUID.randomUUID();
        String domain = "c2-" + tag + ".border-post.net";
        String t = "2026-01-05T08:00:00.000Z";
        String json = """
                {"type":"bundle","id":"bundle--%s","objects":[
                 {"type":"intrusion-set","spec_version":"2.1","id":"%s","created":"%s","modified":"%s","name":"Set %s",
                  "description":"An intrusion set seen near the border posts."},
                 {"type":"malware","spec_version":"2.1","id":"%s","created":"%s","modified":"%s","name":"Malware %s","is_family":true,
                  "malware_types":["backdoor"]},
                 {"type":"indicator","spec_version":"2.1","id":"%s","created":"%s","modified":"%s","name":"Indicator %s",
                  "pattern":"[domain-name:value = '%s']","pattern_type":"stix","valid_from":"%s","indicator_types":["malicious-activity"]},
                 {"type":"relationship","spec_version":"2.1","id":"%s","created":"%s","modified":"%s","relationship_type":"uses",
                  "source_ref":"%s","target_ref":"%s"},
                 {"type":"relationship","spec_version":"2.1","id":"%s","created":"%s","modified":"%s","relationship_type":"indicates",
                  "source_ref":"%s","target_ref":"%s"}
                ]}""".formatted(UUID.randomUUID(), set, t, t, tag, malware, t, t, tag, indicator, t, t, tag, domain, t,
                uses, t, t, set, malware, indicates, t, t, indicator, malware);
        return new Campaign(tag, set, malware, indicator, uses, indicates, domain, json);
    }

    /** A second version of an object: same id, later modified, a changed description. */
    static String newVersion(String type, String id, String name, String description) {
        return """
                {"type":"%s","spec_version":"2.1","id":"%s","created":"2026-01-05T08:00:00.000Z","modified":"2026-02-01T09:30:00.000Z",
                 "name":"%s","description":"%s"%s}""".formatted(type, id, name, description,
                type.equals("malware") ? ",\"is_family\":true" : "");
    }
}
